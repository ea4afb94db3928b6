--- sys: the LuaTask scheduler (lib 2.4.0 semantics, written for LuatHost).
-- Tasks are coroutines; sys.wait arms a core timer and yields; sys.publish queues a message that
-- sys.run delivers FIFO before it blocks again in rtos.receive. All of it runs on one thread.
require "utils"
require "log"
require "patch"

module(..., package.seeall)

SCRIPT_LIB_VER = "2.4.0"

local TASK_TIMER_ID_MAX = 0x1FFFFFFF
local MSG_TIMER_ID_MAX = 0x7FFFFFFF

local taskTimerId = 0
local msgTimerId = TASK_TIMER_ID_MAX
local timerPool = {}      -- id -> coroutine (task timers) or callback (message timers)
local taskTimerPool = {}  -- coroutine -> its pending sys.wait timer id
local para = {}           -- message timer id -> argument table
local loop = {}           -- message timer id -> period when it repeats
local messageQueue = {}
local subscribers = {}
local handlers = {}

--- Starts a task and runs it at once until its first wait; errors are logged, not raised.
function taskInit(fun, ...)
  local co = coroutine.create(fun)
  coroutine.resume(co, ...)
  return co
end

-- The running task. Outside one, Luat's 5.1 coroutine.running() is nil and the wait fails before
-- anything is armed; 5.4 returns the main thread instead, so check it here, or a timer or a
-- subscription would be left behind that later tries to resume the main thread.
local function runningTask(name)
  local co, isMain = coroutine.running()
  if isMain then error(name .. " can only be called inside a task (start one with sys.taskInit)", 3) end
  return co
end

--- Suspends the running task for ms (≥ 5); returns nil on timeout, or what an early resume passed.
function wait(ms)
  local co = runningTask("sys.wait")
  assert(ms > 0, "The wait time cannot be negative!")
  if ms < 5 then ms = 5 end
  repeat
    taskTimerId = taskTimerId + 1
    if taskTimerId > TASK_TIMER_ID_MAX then taskTimerId = 1 end
  until timerPool[taskTimerId] == nil
  local id = taskTimerId
  if rtos.timer_start(id, ms) ~= 1 then
    log.debug("rtos.timer_start error")
    return
  end
  timerPool[id] = co
  taskTimerPool[co] = id
  local message = { coroutine.yield() }
  if #message ~= 0 then
    rtos.timer_stop(id)
    timerPool[id] = nil
    taskTimerPool[co] = nil
    return unpack(message)
  end
end

--- Waits for message id (up to ms): true, args… on the message, false on timeout.
function waitUntil(id, ms)
  runningTask("sys.waitUntil")
  subscribe(id, coroutine.running())
  local message = ms and { wait(ms) } or { coroutine.yield() }
  unsubscribe(id, coroutine.running())
  return message[1] ~= nil, unpack(message, 2, #message)
end

--- Like waitUntil but returns the message id and its args, or false on timeout.
function waitUntilExt(id, ms)
  runningTask("sys.waitUntilExt")
  subscribe(id, coroutine.running())
  local message = ms and { wait(ms) } or { coroutine.yield() }
  unsubscribe(id, coroutine.running())
  if message[1] ~= nil then return unpack(message) end
  return false
end

local function sameArgs(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do
    if a[i] ~= b[i] then return false end
  end
  return true
end

--- Stops a timer by id, or the first one with this callback and identical args.
function timerStop(val, ...)
  if type(val) == "number" then
    timerPool[val], para[val], loop[val] = nil, nil, nil
    rtos.timer_stop(val)
    return
  end
  local args = { ... }
  for id, cb in pairs(timerPool) do
    if id > TASK_TIMER_ID_MAX and cb == val and sameArgs(para[id] or {}, args) then
      rtos.timer_stop(id)
      timerPool[id], para[id], loop[id] = nil, nil, nil
      return
    end
  end
end

--- Stops every timer with this callback.
function timerStopAll(fnc)
  for id, cb in pairs(timerPool) do
    if id > TASK_TIMER_ID_MAX and cb == fnc then
      rtos.timer_stop(id)
      timerPool[id], para[id], loop[id] = nil, nil, nil
    end
  end
end

local function startMessageTimer(fnc, ms, period, ...)
  assert(fnc ~= nil, "sys.timerStart(first param) is nil !")
  assert(ms > 0, "sys.timerStart(Second parameter) is <= zero !")
  if ms < 5 then ms = 5 end
  -- Re-arming the same callback with the same args restarts it (one timer, not two).
  timerStop(fnc, ...)
  repeat
    msgTimerId = msgTimerId + 1
    if msgTimerId >= MSG_TIMER_ID_MAX then msgTimerId = TASK_TIMER_ID_MAX + 1 end
  until timerPool[msgTimerId] == nil
  if rtos.timer_start(msgTimerId, ms) ~= 1 then
    log.debug("rtos.timer_start error")
    return
  end
  timerPool[msgTimerId] = fnc
  para[msgTimerId] = { ... }
  loop[msgTimerId] = period and ms or nil
  return msgTimerId
end

--- Calls fnc(...) once after ms; returns the timer id.
function timerStart(fnc, ms, ...)
  return startMessageTimer(fnc, ms, false, ...)
end

--- Calls fnc(...) every ms; returns the timer id.
function timerLoopStart(fnc, ms, ...)
  return startMessageTimer(fnc, ms, true, ...)
end

--- Id form: the callback or nil. Callback form: true or nil.
function timerIsActive(val, ...)
  if type(val) == "number" then return timerPool[val] end
  local args = { ... }
  for id, cb in pairs(timerPool) do
    if id > TASK_TIMER_ID_MAX and cb == val and sameArgs(para[id] or {}, args) then return true end
  end
end

--- Subscribes a function (called with the args) or a coroutine (resumed with id, args…).
function subscribe(id, callback)
  if type(id) ~= "string" or (type(callback) ~= "function" and type(callback) ~= "thread") then
    log.warn("warning: sys.subscribe invalid parameter", id, callback)
    return
  end
  subscribers[id] = subscribers[id] or {}
  subscribers[id][callback] = true
end

function unsubscribe(id, callback)
  if type(id) ~= "string" or (type(callback) ~= "function" and type(callback) ~= "thread") then
    log.warn("warning: sys.unsubscribe invalid parameter", id, callback)
    return
  end
  if subscribers[id] then subscribers[id][callback] = nil end
end

--- Queues a message; sys.run delivers it (FIFO) before it next waits for core events.
function publish(...)
  table.insert(messageQueue, { ... })
end

local function dispatch()
  while #messageQueue > 0 do
    local message = table.remove(messageQueue, 1)
    local set = subscribers[message[1]]
    if set then
      local callbacks = {}
      for callback in pairs(set) do callbacks[#callbacks + 1] = callback end
      for _, callback in ipairs(callbacks) do
        if set[callback] then
          if type(callback) == "function" then
            callback(unpack(message, 2, #message))
          elseif type(callback) == "thread" then
            coroutine.resume(callback, unpack(message))
          end
        end
      end
    end
  end
end

--- Registers the handler of a core message id (sys replaces the core's rtos.on, as on the device).
rtos.on = function(id, handler)
  handlers[id] = handler
end

local function onTimer(id)
  local target = timerPool[id]
  if target == nil then return end
  if id <= TASK_TIMER_ID_MAX then
    timerPool[id] = nil
    taskTimerPool[target] = nil
    coroutine.resume(target)
  else
    local args = para[id]
    if loop[id] then
      rtos.timer_start(id, loop[id])
    else
      -- Cleared before the call so the callback may re-arm itself.
      timerPool[id], para[id] = nil, nil
    end
    target(unpack(args or {}))
  end
end

local function traceback(message)
  return debug.traceback(tostring(message), 2)
end

local function step()
  dispatch()
  local msg, param = rtos.receive(rtos.INF_TIMEOUT)
  if msg == rtos.MSG_TIMER then
    onTimer(param)
  elseif type(msg) == "number" then
    local handler = handlers[msg]
    if handler then handler(param) end
  elseif type(msg) == "table" then
    local handler = handlers[msg.id]
    if handler then handler(msg) end
  end
end

--- The main loop: never returns (the host ends it on restart, exit or --for).
function run()
  while true do
    local ok, err = xpcall(step, traceback)
    if not ok then
      if rtos.is_ending() then error(err, 0) end
      log.error("sys.run", err)
    end
  end
end

--- Power-on checks and the banner line (PROJECT and VERSION must be set by main.lua).
function init(mode, lprfnc)
  assert(PROJECT and PROJECT ~= "" and VERSION and VERSION ~= "", "Undefine PROJECT or VERSION")
  collectgarbage("setpause", 80)
  uart.setup(uart.ATC, 0, 0, uart.PAR_NONE, uart.STOP_1)
  log.info("poweron reason:", rtos.poweron_reason(), PROJECT, VERSION, SCRIPT_LIB_VER, rtos.get_version())
  pcall(rtos.set_lua_info, "\r\n" .. rtos.get_version() .. "\r\n" .. PROJECT .. "_" .. VERSION)
  if mode == 1 and rtos.poweron_reason() == rtos.POWERON_CHARGER then
    rtos.poweron(0)
  end
end

function restart(r)
  assert(r and r ~= "", "sys.restart cause null")
  if errDump and errDump.appendErr then errDump.appendErr("restart[" .. r .. "];") end
  log.warn("sys.restart", r)
  rtos.restart(r)
end

function powerOn()
  rtos.poweron(1)
end

require "clib"
