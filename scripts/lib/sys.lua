--- sys: the LuaTask scheduler (lib 2.4.0 semantics, written for LuatHost).
-- Tasks are coroutines; sys.wait arms a core timer and yields; sys.publish queues a message that
-- sys.run delivers FIFO before it blocks again in rtos.receive. All of it runs on one thread.
require "utils"
require "log"
require "patch"

module(..., package.seeall)

SCRIPT_LIB_VER = "2.4.0"

-- Task timers (sys.wait) have ids up to TASK_TIMER_ID_MAX; message timers (timerStart …) are above, in the host's
-- message-timer book (Host.Libs/Runtime/MessageTimerBook.cs), which owns their rule: ids, restart of the same
-- callback + args, lowest id first, one-shot/loop bookkeeping. sys keeps Luat's asserts, return shapes and the
-- call of the callback in sys.run.
local messageTimers = luathost_timers
local TASK_TIMER_ID_MAX = messageTimers.FIRST_ID - 1 -- 0x1FFFFFFF
local taskTimerId = 0
local timerPool = {}      -- task timer id -> its coroutine
local taskTimerPool = {}  -- coroutine -> the id of its current sys.wait timer (the owner check)
local handlers = {}

-- The message queue: a ring of head/tail indices, O(1) publish and take.
local queue, queueHead, queueTail = {}, 1, 0

-- Subscribers of a message id, in subscription order (dispatch order is deterministic):
-- subscribers[id] = { list = { callback… }, state = { [callback] = true | false } }.
-- Unsubscribing marks false (as Luat's sys.lua does) and the entry is swept after dispatch.
local subscribers = {}

--- Starts a task and runs it at once until its first wait; its errors are logged (patch.lua).
function taskInit(fun, ...)
  local co = coroutine.create(fun)
  coroutine.resume(co, ...)
  return co
end

-- The running task. Outside one, Luat's 5.1 coroutine.running() is nil and the wait fails before
-- anything is armed, rather than leaving a timer or subscription that would resume nothing.
local function runningTask(name)
  local co = coroutine.running()
  if co == nil then error(name .. " can only be called inside a task (start one with sys.taskInit)", 3) end
  return co
end

--- Suspends the running task for ms; returns nil on timeout, or what an early resume passed. Shorter than
--- 5 ms runs as 5, as every core timer does (Runtime/EventLoop.cs MinimumTimerDue).
function wait(ms)
  local co = runningTask("sys.wait")
  assert(ms > 0, "The wait time cannot be negative!")
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
    if taskTimerPool[co] == id then taskTimerPool[co] = nil end
    return unpack(message)
  end
end

--- Waits for message id (up to ms): true, args… on the message, false on timeout.
function waitUntil(id, ms)
  local co = runningTask("sys.waitUntil")
  subscribe(id, co)
  local message = ms and { wait(ms) } or { coroutine.yield() }
  unsubscribe(id, co)
  return message[1] ~= nil, unpack(message, 2, #message)
end

--- Like waitUntil but returns the message id and its args, or false on timeout.
function waitUntilExt(id, ms)
  local co = runningTask("sys.waitUntilExt")
  subscribe(id, co)
  local message = ms and { wait(ms) } or { coroutine.yield() }
  unsubscribe(id, co)
  if message[1] ~= nil then return unpack(message) end
  return false
end

--- Stops a timer by id, or the one with this callback and identical args.
function timerStop(val, ...)
  if type(val) == "number" then
    -- By id, the core timer is stopped whatever armed it, as Luat's timerStop does.
    if val <= TASK_TIMER_ID_MAX then timerPool[val] = nil else messageTimers.stop(val) end
    rtos.timer_stop(val)
    return
  end
  messageTimers.stop(val, ...)
end

--- Stops every timer with this callback.
function timerStopAll(fnc)
  messageTimers.stop_all(fnc)
end

local function startMessageTimer(fnc, ms, period, ...)
  assert(fnc ~= nil, "sys.timerStart(first param) is nil !")
  assert(ms > 0, "sys.timerStart(Second parameter) is <= zero !")
  local id = messageTimers.start(fnc, ms, period, ...)
  if id == nil then log.debug("rtos.timer_start error") end
  return id
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
  if type(val) == "number" then
    if val <= TASK_TIMER_ID_MAX then return timerPool[val] end
    return messageTimers.is_active(val)
  end
  if messageTimers.is_active(val, ...) then return true end
end

--- Subscribes a function (called with the args) or a coroutine (resumed with id, args…).
function subscribe(id, callback)
  if type(id) ~= "string" or (type(callback) ~= "function" and type(callback) ~= "thread") then
    log.warn("warning: sys.subscribe invalid parameter", id, callback)
    return
  end
  local set = subscribers[id]
  if set == nil then
    set = { list = {}, state = {} }
    subscribers[id] = set
  end
  if set.state[callback] == nil then set.list[#set.list + 1] = callback end
  set.state[callback] = true
end

function unsubscribe(id, callback)
  if type(id) ~= "string" or (type(callback) ~= "function" and type(callback) ~= "thread") then
    log.warn("warning: sys.unsubscribe invalid parameter", id, callback)
    return
  end
  local set = subscribers[id]
  if set and set.state[callback] then set.state[callback] = false end
end

--- Queues a message; sys.run delivers it (FIFO) before it next waits for core events.
function publish(...)
  queueTail = queueTail + 1
  queue[queueTail] = { ... }
end

-- Drops the callbacks unsubscribed since the last sweep, keeping the order of the rest.
local function sweep(set)
  local kept = {}
  for _, callback in ipairs(set.list) do
    if set.state[callback] then kept[#kept + 1] = callback else set.state[callback] = nil end
  end
  set.list = kept
end

local function dispatch()
  while queueHead <= queueTail do
    local message = queue[queueHead]
    queue[queueHead] = nil
    queueHead = queueHead + 1
    local set = subscribers[message[1]]
    if set then
      -- Callbacks subscribed while this message is delivered first see the next one.
      local list, count = set.list, #set.list
      for i = 1, count do
        local callback = list[i]
        if set.state[callback] then
          if type(callback) == "function" then
            callback(unpack(message, 2, #message))
          else
            coroutine.resume(callback, unpack(message))
          end
        end
      end
      sweep(set)
    end
  end
  queue, queueHead, queueTail = {}, 1, 0
end

--- Registers the handler of a core message id (sys replaces the core's rtos.on, as on the device).
rtos.on = function(id, handler)
  handlers[id] = handler
end

-- A one-shot is forgotten before its callback runs (it may start itself again); a loop timer is armed
-- again after it returns, unless it stopped itself (both in the book).
local function callMessageTimer(id, found, callback, ...)
  if not found then return end
  callback(...)
  messageTimers.fired(id)
end

local function onTimer(id)
  if id > TASK_TIMER_ID_MAX then
    callMessageTimer(id, messageTimers.fire(id))
    return
  end
  local target = timerPool[id]
  if target ~= nil then
    timerPool[id] = nil
    -- Only the task's current wait timer wakes it: a task resumed early by someone else and now
    -- in a new sys.wait must not be woken by its first wait's timer (Luat's owner check).
    if taskTimerPool[target] == id then
      taskTimerPool[target] = nil
      coroutine.resume(target)
    end
  end
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

--- The main loop: never returns. An error in a timer callback, a subscriber or a handler ends
-- the script, as on the module (the host prints it with its traceback and restarts the script,
-- or ends the run with --no-restart).
function run()
  rtos.luathost_scheduler_started()
  while true do
    step()
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
