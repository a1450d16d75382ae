set terminal pngcairo size 960,540 font "sans,11"
set grid
set termoption noenhanced
set key outside below
set datafile missing '?'
set output 'latency-resolve.png'
set title "GET /s/{token} at 64 connections (wrk, median of the rounds)\n2 cores (shared), Eclipse Adoptium 25.0.3+9-LTS, services -Xmx256m -XX:+UseSerialGC -XX:AOTCache=/work/main/deploy/local-stack/target/services/cds/gateway-service-546785597c4fcc0b/app.aot"
set logscale y
set xlabel 'percentile'
set ylabel 'latency (ms)'
plot 'resolve.dat' using 0:2:xtic(1) with linespoints lw 2 pt 7 title 'bare WebFlux app answering 302', \
     '' using 0:3 with linespoints lw 2 pt 5 title 'GET /s/{token} through the public URL'
unset logscale y
