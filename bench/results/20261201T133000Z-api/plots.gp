set terminal pngcairo size 960,540 font "sans,11"
set grid
set termoption noenhanced
set key outside below
set datafile missing '?'
set output 'latency-api.png'
set title "GET /api/v1/files/{id} latency (median of the rounds)\n2 cores (shared), Eclipse Adoptium 25.0.3+9-LTS, services -Xmx256m -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -XX:AOTCacheOutput=/work/main/deploy/local-stack/target/services/cds/gateway-service-5822ba208d01cda1/recording-18502fda-0a45-418c-a3d0-4814b97d4416.aot -Xlog:aot=off,cds=off"
set logscale y
set xlabel 'percentile'
set ylabel 'latency (ms)'
plot 'api.dat' using 0:2:xtic(1) with linespoints lw 2 pt 7 title 'bare app, 16 connections (wrk)', \
     '' using 0:3 with linespoints lw 2 pt 5 title 'through the gateway, 16 connections (wrk)', \
     '' using 0:4 with linespoints lw 2 pt 6 dt 2 title 'bare app, fixed 200 req/s', \
     '' using 0:5 with linespoints lw 2 pt 4 dt 2 title 'through the gateway, fixed 200 req/s', \
     25 with lines lc rgb 'red' dt 3 title 'target p99 at the fixed rate'
unset logscale y
