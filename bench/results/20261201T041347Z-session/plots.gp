set terminal pngcairo size 960,540 font "sans,11"
set grid
set termoption noenhanced
set key outside below
set datafile missing '?'
