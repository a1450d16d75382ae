set terminal pngcairo size 960,540 font "sans,11"
set grid
set termoption noenhanced
set key outside below
set datafile missing '?'
set output 'throughput-upload.png'
set title "Upload throughput against file size (median of the rounds, curl on both paths)\n2 cores (shared), Eclipse Adoptium 25.0.3+9-LTS, services -Xmx256m -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -XX:AOTCache=/work/main/deploy/local-stack/target/services/cds/gateway-service-61120019d49e16b8/app.aot"
set logscale x 2
unset logscale y
set xlabel 'file size (MiB)'
set ylabel 'MiB/s'
set yrange [0:*]
set xtics (1,4,16,64,256,1024,2048)
plot 'transfers.dat' using 1:2 with linespoints lw 2 pt 7 title 'direct presigned PUT to S3', \
     '' using 1:3 with linespoints lw 2 pt 5 title 'POST /api/v1/files through the gateway', \
     '' using 1:6 with linespoints lw 2 pt 6 dt 2 title 'the same PUT through two bare relays'
unset xtics
set xtics
unset logscale x
set yrange [*:*]
set output 'throughput-download.png'
set title "Download throughput against file size (median of the rounds, curl on both paths)\n2 cores (shared), Eclipse Adoptium 25.0.3+9-LTS, services -Xmx256m -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -XX:AOTCache=/work/main/deploy/local-stack/target/services/cds/gateway-service-61120019d49e16b8/app.aot"
set logscale x 2
unset logscale y
set xlabel 'file size (MiB)'
set ylabel 'MiB/s'
set yrange [0:*]
set xtics (1,4,16,64,256,1024,2048)
plot 'transfers.dat' using 1:4 with linespoints lw 2 pt 7 title 'direct presigned GET from S3', \
     '' using 1:5 with linespoints lw 2 pt 5 title 'GET /api/v1/files/{id}/content?mode=stream through the gateway', \
     '' using 1:7 with linespoints lw 2 pt 6 dt 2 title 'the same GET through two bare relays'
unset xtics
set xtics
unset logscale x
set yrange [*:*]
set output 'latency-resolve.png'
set title "GET /s/{token} at 64 connections (wrk, median of the rounds)\n2 cores (shared), Eclipse Adoptium 25.0.3+9-LTS, services -Xmx256m -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -XX:AOTCache=/work/main/deploy/local-stack/target/services/cds/gateway-service-61120019d49e16b8/app.aot"
set logscale y
set xlabel 'percentile'
set ylabel 'latency (ms)'
plot 'resolve.dat' using 0:2:xtic(1) with linespoints lw 2 pt 7 title 'bare WebFlux app answering 302', \
     '' using 0:3 with linespoints lw 2 pt 5 title 'GET /s/{token} through the public URL', \
     '' using 0:4 with linespoints lw 2 pt 6 dt 2 title 'one bare relay in front of the bare app'
unset logscale y
set output 'latency-api.png'
set title "GET /api/v1/files/{id} latency (median of the rounds)\n2 cores (shared), Eclipse Adoptium 25.0.3+9-LTS, services -Xmx256m -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -XX:AOTCache=/work/main/deploy/local-stack/target/services/cds/gateway-service-61120019d49e16b8/app.aot"
set logscale y
set xlabel 'percentile'
set ylabel 'latency (ms)'
plot 'api.dat' using 0:2:xtic(1) with linespoints lw 2 pt 7 title 'bare app, 16 connections (wrk)', \
     '' using 0:3 with linespoints lw 2 pt 5 title 'through the gateway, 16 connections (wrk)', \
     '' using 0:4 with linespoints lw 2 pt 6 dt 2 title 'bare app, fixed 200 req/s', \
     '' using 0:5 with linespoints lw 2 pt 4 dt 2 title 'through the gateway, fixed 200 req/s', \
     25 with lines lc rgb 'red' dt 3 title 'target p99 at the fixed rate'
unset logscale y
set output 'startup.png'
set title "Start-up until ready (median of the rounds; the whole stack once)\n2 cores (shared), Eclipse Adoptium 25.0.3+9-LTS, services -Xmx256m -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow -XX:AOTCache=/work/main/deploy/local-stack/target/services/cds/gateway-service-61120019d49e16b8/app.aot"
set style fill solid 0.6
set boxwidth 0.6
set xlabel ''
set ylabel 'seconds'
set yrange [0:*]
plot 'startup.dat' using 0:2:xtic(1) with boxes title 'launch → ready', \
     8 with lines lc rgb 'red' dt 3 title 'target for one service (8 s)', \
     30 with lines lc rgb 'orange' dt 3 title 'target for the whole stack (30 s)'
