--- The REPL's main.lua: loads the libraries a lesson uses, as a Luat project's main.lua does, then
-- runs the LuaTask scheduler. The host hands each typed input to `repl.eval` on this (the Lua)
-- thread between scheduler steps, so timers and callbacks keep firing while the prompt waits.
PROJECT = "repl"
VERSION = "1.0.0"

require "sys"
require "log"
require "utils"
require "misc"
require "net"
require "nvm"
require "aLiYun"

local host = repl_host
repl_host = nil
local running = {}   -- coroutine -> true while an input is still inside a sys.wait

repl = {}

--- Compiles one input. `= expr` and a bare expression return their values; anything else is a
-- statement. Returns "incomplete" when the chunk ends early (Lua's own lua.c test: the syntax
-- error ends in <eof>), so the host asks for another line.
-- The expression is an argument of select rather than returned directly: `return f()` would be a tail call, and an
-- error raised by f would lose the input's own frame (lua5.1 prints `stdin:1: boom` for `error("boom")`).
local function asExpression(expression, chunkname)
  return load("return select(1, " .. expression .. "\n)", chunkname, "t")
end

function repl.compile(source, chunkname)
  local expression = source:match("^%s*=(.*)$")
  if expression then return asExpression(expression, chunkname) end
  local fn = asExpression(source, chunkname)
  if fn then return fn end
  return load(source, chunkname, "t")
end

local function show(results, explicit)
  if not results[1] then
    print(tostring(results[2]))
    return
  end
  -- A bare call such as print("x") gives nothing worth echoing; `= expr` always shows its values.
  local any = explicit
  for i = 2, results.n do any = any or results[i] ~= nil end
  if any and results.n > 1 then print(table.unpack(results, 2, results.n)) end
end

--- Runs one input in its own task, so a sys.wait typed at the prompt suspends only that input.
function repl.eval(source, chunkname)
  local fn, err = repl.compile(source, chunkname or "=stdin")
  local explicit = source:match("^%s*=") ~= nil
  if not fn then
    if err:find("<eof>$") then return "incomplete" end
    print(err)
    return "done"
  end
  local co
  co = coroutine.create(function()
    show(table.pack(xpcall(fn, function(message) return message end)), explicit)
    running[co] = nil
  end)
  running[co] = true
  local ok, failure = coroutine.resume(co)
  if not ok then
    running[co] = nil
    print(tostring(failure))
  end
  return "done"
end

--- How many inputs are still waiting inside sys.wait (the host lets them finish at end of piped input).
function repl.pending()
  local count = 0
  for co in pairs(running) do
    if coroutine.status(co) == "dead" then running[co] = nil else count = count + 1 end
  end
  return count
end

sys.taskInit(function()
  -- misc answers "" until the module has told its IMEI; a lesson's first `= misc.getImei()` should see it.
  if misc.getImei() == "" then sys.waitUntil("IMEI_READY_IND", 5000) end
  host.ready()
end)

-- No sys.init: its power-on banner is noise at a prompt (PROJECT/VERSION above keep Luat code that reads them happy).
sys.run()
