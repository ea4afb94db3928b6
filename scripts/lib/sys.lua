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
local taskTimerPool = {}  -- coroutine -> the id of its current sys.wait timer (the owner check)
local para = {}           -- message timer id -> argument table
local loop = {}           -- message timer id -> period when it repeats
local timersOf = {}       -- callback -> { id = true }: stop/isActive by callback without a scan
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

local function sameArgs(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do
    if a[i] ~= b[i] then return false end
  end
  return true
end

local function forget(id)
  local cb = timerPool[id]
  if cb ~= nil and id > TASK_TIMER_ID_MAX and timersOf[cb] then
    timersOf[cb][id] = nil
    if next(timersOf[cb]) == nil then timersOf[cb] = nil end
  end
  timerPool[id], para[id], loop[id] = nil, nil, nil
end

-- The lowest-id timer of this callback whose args equal args (the one Luat's scan finds first
-- when ids are handed out in order).
local function findTimer(fnc, args)
  local ids = timersOf[fnc]
  if ids == nil then return nil end
  local found
  for id in pairs(ids) do
    if (found == nil or id < found) and sameArgs(para[id] or {}, args) then found = id end
  end
  return found
end

--- Stops a timer by id, or the one with this callback and identical args.
function timerStop(val, ...)
  if type(val) == "number" then
    forget(val)
    rtos.timer_stop(val)
    return
  end
  local id = findTimer(val, { ... })
  if id then
    rtos.timer_stop(id)
    forget(id)
  end
end

--- Stops every timer with this callback.
function timerStopAll(fnc)
  local ids = timersOf[fnc]
  if ids == nil then return end
  local list = {}
  for id in pairs(ids) do list[#list + 1] = id end
  for _, id in ipairs(list) do
    rtos.timer_stop(id)
    forget(id)
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
  timersOf[fnc] = timersOf[fnc] or {}
  timersOf[fnc][msgTimerId] = true
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
  if findTimer(val, { ... }) then return true end
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

local function onTimer(id)
  local target = timerPool[id]
  if target == nil then return end
  if id <= TASK_TIMER_ID_MAX then
    timerPool[id] = nil
    -- Only the task's current wait timer wakes it: a task resumed early by someone else and now
    -- in a new sys.wait must not be woken by its first wait's timer (Luat's owner check).
    if taskTimerPool[target] == id then
      taskTimerPool[target] = nil
      coroutine.resume(target)
    end
  else
    local args = para[id]
    if loop[id] then
      rtos.timer_start(id, loop[id])
    else
      -- Forgotten before the call so the callback may re-arm itself.
      forget(id)
    end
    target(unpack(args or {}))
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
