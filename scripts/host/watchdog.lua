-- Every run is bounded, even by code that never yields (`while true do end`): a count hook runs
-- every few thousand VM instructions in every Lua thread and asks the host whether the run is
-- over (--for elapsed, Ctrl+C/SIGTERM, --max-memory hit); if so it raises the ending error, from
-- Lua, where unwinding is safe. The host also warns there when the script has not yielded for
-- long (the module's watchdog would have reset it). A script's pcall/xpcall cannot swallow the
-- ending: a failure while the run is over is raised again.
local host = ...
local sethook, error, type = debug.sethook, error, type
local rawCreate, rawWrap = coroutine.create, coroutine.wrap
local rawPcall, rawXpcall = pcall, xpcall
local over, ENDING, EVERY = host.over, host.ending_message, host.hook_every

local function hook()
  if over() then error(ENDING, 0) end
end

local function passOn(ok, ...)
  if not ok and over() then error((...), 0) end
  return ok, ...
end

pcall = function(f, ...) return passOn(rawPcall(f, ...)) end
xpcall = function(f, handler, ...) return passOn(rawXpcall(f, handler, ...)) end

-- Hooks belong to one thread: each coroutine gets its own when it is made.
coroutine.create = function(f)
  local co = rawCreate(f)
  sethook(co, hook, "", EVERY)
  return co
end
coroutine.wrap = function(f)
  if type(f) ~= "function" then return rawWrap(f) end
  return rawWrap(function(...)
    sethook(hook, "", EVERY)
    return f(...)
  end)
end

sethook(hook, "", EVERY)
