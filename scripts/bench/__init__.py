"""Benchmark baokan end to end against plain-library baselines measured in the same run.

Every measurement is a whole process (start-up and imports included), run on the same files, one
after the other:

  segment   baokan segment CORPUS -o seg.jsonl --quiet
            vs. floor: a Python process that reads, UTF-8-decodes and splits the lines of the same pages
  validate  baokan validate seg.jsonl --quiet
            vs. (a) orjson parsing the JSONL line by line, (b) a jsonschema Draft 2020-12
            iter_errors loop (schema from baokan.schema.article_schema(), format checker on)
  publish   baokan publish seg.jsonl --name bench --version 1.0.0 --out OUT --quiet
            vs. (a) pyarrow.json.read_json + pyarrow.parquet.write_table (zstd),
                (b) datasets.load_dataset("json") + Dataset.to_parquet (offline, fresh cache dir)
  build     baokan build CONFIG --workers 1 and --workers N (N = cores), fresh --out/--version each run;
            with --scale 1,4,16 also --workers N on 4x and 16x the corpus: CPU and wall milliseconds
            per page at each multiple, and the most a larger multiple costs per page over 1x
  rss       peak memory of build (--workers N) and publish at 1x and at --rss-scale x the corpus
  dedup     baokan.dedup signatures (body + lead) + LSH candidates on up to 20,000 ~3 KB articles cut
            from seg.jsonl, in find_clusters' batches
            vs. datasketch's plain loop (MinHash.update per 4-gram, 128 permutations, MinHashLSH
            insert at 0.8) on the first 1,000 of the same articles; both time their own work
            inside the process (imports, reading and the normalization table excluded);
            and peak memory of baokan dedup on --dedup-articles and --rss-scale x as many synthetic
            ~3 KB articles (every tenth a near copy), growth checked like the rss stage's

Targets (ratios are speeds on the same input, i.e. baseline seconds / command seconds):
  validate / orjson-only >= 0.6; publish / pyarrow >= 0.4; publish / datasets > 1;
  segment >= 200 pages/s per core; build workers-N / workers-1 >= 1.7; peak memory <= 1 GB (10^9 B);
  peak memory growth at 4x / 1x <= 1.25; build cost per page at --scale multiples <= 1.15x of 1x;
  dedup >= 5,000 articles/s per core (articles / CPU s).
  A miss is reported, it does not change the exit status
  (exit 0: every command ran; 1: a command failed; 2: usage error).

Corpus: synthetic raw pages from baokan.devtools.pagegen, used as is (the paths and texts
`pagegen.write_pages` would write for the same seed; the gold files are not written), generated in
parallel (not timed) into WORK/corpus-SIZE-sSEED-pK/ until the .txt bytes reach --size. A corpus
folder with a complete manifest for the same size, seed, source corpora and generator source is
reused. The --rss-scale x (and --scale) corpus is the 1x corpus plus pages generated with seeds SEED+1, SEED+2, ...
(pages get distinct publication/date/page keys across parts, so article ids stay unique).
Source articles come from --corpora (default ../shared/corpora next to the repository). When
that folder or its files are absent the bench FALLS BACK to the generator's small built-in corpus
(5 articles, so nearly every article is a duplicate) and says so on stderr and in the JSON.

Memory: Linux reports ru_maxrss in KiB. Each run records (1) ru_maxrss from os.wait4 on the
child: the largest single process among the child and its reaped descendants (a max, not a sum),
and (2) the peak of the sum of PSS (proportional set size, /proc/PID/smaps_rollup) over the
child's whole process tree, sampled every 50 ms. Memory targets use the larger of the two, so a
worker pool is counted as a whole; short spikes between samples are covered only by (1).

Timing: wall time of the whole process; with --repeat K the best (fastest) of K runs is kept, while
memory figures are the largest over the K runs. Other load on the machine makes figures noisy: the
load average before and after is printed.

Examples:
  python scripts/bench                                # 300MB, every stage, table on stdout
  python scripts/bench --size 20MB --skip-rss         # quick look
  python scripts/bench --size 30MB --repeat 3 --json > bench.json
  python scripts/bench --size 1MB --only segment,validate,publish --json
  python scripts/bench --work /tmp/bb --only build --size 100MB   # reuses /tmp/bb's 100MB corpus
  python scripts/bench --only build --size 300MB --scale 1,4,16    # cost per page, ~40k to ~640k pages

The package: `corpus` (generation and reuse), `measure` (whole-process runs: time, CPU, memory),
`floors` (the plain-library baselines, each a mode of this same program), `stages` (the table of
stages: what each runs and which figures, ratios and checks it records), `report` (targets, the
JSON report and the table), `main` (options and the order of things). Run it as
`python scripts/bench`.
"""
