-- P3 workload: Luat-style CPU work, identical for the host's Lua runtime and for Debian's lua5.4.
-- Plain Lua 5.4 only (no host libraries), so both interpreters run byte-for-byte the same code.
-- Every number it makes is exact in doubles, so Lua 5.1 (doubles only) and 5.4 (integers) compute the same results:
-- the bench checks that every interpreter prints the same checksum.
-- Run directly: lua5.4 workload.lua <iterations>  → prints "checksum <n>" (one iteration's result) and
-- "elapsed_seconds <s>" measured with os.clock.

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

-- String building as Luat scripts do it: string.format pieces, table.concat, and some ".." in a loop.
local function build_strings(count)
  local parts = {}
  for i = 1, count do
    parts[#parts + 1] = string.format("{\"id\":%d,\"temp\":%.1f}", i, i * 0.5)
  end
  local joined = table.concat(parts, ",")
  local s = ""
  for i = 1, 500 do
    s = s .. tostring(i)
  end
  return #joined + #s
end

-- Deterministic pseudo-random numbers, so every run sorts the same data: Park and Miller's "minimal standard"
-- generator (CACM 31(10), 1988). Its products stay below 2^46, exact in doubles; an LCG whose products pass 2^53
-- (x * 1103515245) rounds in Lua 5.1 and sorts different data there than in 5.4.
local function sort_table(count)
  local t, x = {}, 12345
  for i = 1, count do
    x = (x * 16807) % 2147483647
    t[i] = x
  end
  table.sort(t)
  return t[1]
end

-- Coroutine ping-pong through a tiny scheduler with a sys.wait-like yield: each task yields "wait" and the
-- scheduler resumes it with the message the other task published, the way Luat's sys.waitUntil hands data over.
local function ping_pong(rounds)
  local box
  local ping = coroutine.create(function()
    for i = 1, rounds do
      box = i
      local reply = coroutine.yield("wait")
      if reply ~= i then error("ping-pong lost a message") end
    end
  end)
  local pong = coroutine.create(function()
    while true do
      local got = coroutine.yield("wait")
      box = got
    end
  end)
  coroutine.resume(pong)
  while coroutine.status(ping) ~= "dead" do
    coroutine.resume(ping, box)
    if coroutine.status(ping) == "dead" then break end
    coroutine.resume(pong, box)
  end
  return rounds
end

function bench_iteration()
  local check = fib(22) + build_strings(5000) + sort_table(20000) + ping_pong(20000)
  return check
end

function bench_run(iterations)
  local sum = 0
  for _ = 1, iterations do
    sum = sum + bench_iteration()
  end
  return sum
end

if arg and arg[0] and arg[1] then
  local iterations = tonumber(arg[1])
  print(string.format("checksum %.0f", bench_run(1))) -- also the warm-up, as the host side gets
  local started = os.clock()
  bench_run(iterations)
  print(string.format("elapsed_seconds %.6f", os.clock() - started))
end
