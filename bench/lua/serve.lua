-- P3's interpreter side: loads a workload file (arg[1]) once, then runs bench_run(n) for every n read from standard
-- input and answers with the CPU seconds it took (os.clock). The bench alternates short batches here with the same
-- batches in the host, so each pair it compares ran within a fraction of a second of each other.
-- Usage: lua5.4 serve.lua workload.lua   (first line out: "checksum <n>", one iteration's result, also the warm-up)
local workload = arg[1]
arg = nil -- the workload's own command-line part must not run
dofile(workload)
io.write(string.format("checksum %.0f\n", bench_run(1)))
io.flush()
for line in io.lines() do
  local iterations = tonumber(line)
  local started = os.clock()
  bench_run(iterations)
  io.write(string.format("%.9f\n", os.clock() - started))
  io.flush()
end
