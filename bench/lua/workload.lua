-- P3 workload: Luat-style CPU work, identical for the host's Lua runtime and for Debian's lua5.4.
-- Plain Lua 5.4 only (no host libraries), so both interpreters run byte-for-byte the same code.
-- Run directly: lua5.4 workload.lua <iterations>  → prints "elapsed_seconds <s>" measured with os.clock.

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

-- Deterministic pseudo-random numbers (an LCG), so both runs sort the same data.
local function sort_table(count)
  local t, x = {}, 12345
  for i = 1, count do
    x = (x * 1103515245 + 12345) % 2147483648
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
  bench_run(1) -- warm-up, as the host side gets
  local started = os.clock()
  bench_run(iterations)
  print(string.format("elapsed_seconds %.6f", os.clock() - started))
end
