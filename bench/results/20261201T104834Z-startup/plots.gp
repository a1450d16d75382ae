set terminal pngcairo size 960,540 font "sans,11"
set grid
set termoption noenhanced
set key outside below
set datafile missing '?'
set output 'startup.png'
set title "Start-up until ready (median of the rounds; the whole stack once)\n2 cores (shared), Eclipse Adoptium 25.0.3+9-LTS, services -Xmx256m -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -XX:AOTCache=/work/main/deploy/local-stack/target/services/cds/gateway-service-de1b6c578ed2a5e8/app.aot"
set style fill solid 0.6
set boxwidth 0.6
set xlabel ''
set ylabel 'seconds'
set yrange [0:*]
plot 'startup.dat' using 0:2:xtic(1) with boxes title 'launch → ready', \
     8 with lines lc rgb 'red' dt 3 title 'target for one service (8 s)', \
     30 with lines lc rgb 'orange' dt 3 title 'target for the whole stack (30 s)'
