-- Every run is bounded, even by code that never yields (`while true do end`): when the run must
-- end (--for elapsed, Ctrl+C/SIGTERM, --max-memory hit) the host switches a count hook on in every
-- Lua thread (Loop/LuaHookArming.cs); the hook asks the host whether the run is over and, if so,
-- raises the ending error from Lua, where unwinding is safe. Until then no hook runs: in Lua 5.4 an
-- active hook slows every instruction. A script's pcall/xpcall cannot swallow the ending: a
-- failure while the run is over is raised again.
local host = ...
local sethook, error, type, setmetatable = debug.sethook, error, type, setmetatable
local rawCreate, rawWrap, running = coroutine.create, coroutine.wrap, coroutine.running
local rawPcall, rawXpcall = pcall, xpcall
local over, ENDING, EVERY = host.over, host.ending_message, host.hook_every
local track, forget = host.track_thread, host.forget_thread

local function hook()
  if over() then error(ENDING, 0) end
end

local function passOn(ok, ...)
  if not ok and over() then error((...), 0) end
  return ok, ...
end

pcall = function(f, ...) return passOn(rawPcall(f, ...)) end
xpcall = function(f, handler, ...) return passOn(rawXpcall(f, handler, ...)) end

-- Each coroutine gets the hook registered but off (count 0), and is made known to the host. Its
-- sentinel, reachable only through the coroutine, is finalized one collection before the coroutine
-- is freed (a finalized object keeps what it references for one more cycle): the host forgets the
-- thread before its memory goes.
local sentinels = setmetatable({}, { __mode = "k" })
local Sentinel = { __gc = function(s) forget(s[1]) end }
local function watch(co)
  sethook(co, hook, "", 0)
  sentinels[co] = setmetatable({ co }, Sentinel)
  track(co)
end

coroutine.create = function(f)
  local co = rawCreate(f)
  watch(co)
  return co
end
coroutine.wrap = function(f)
  if type(f) ~= "function" then return rawWrap(f) end
  return rawWrap(function(...)
    watch((running()))
    return f(...)
  end)
end

-- The main thread: the host takes this hook (ldblib's, which calls `hook` above) and switches it off.
sethook(hook, "", EVERY)
