---@meta
---LuaTask scheduler: tasks are coroutines, messages are queued and delivered by sys.run.
sys = {}
sys.SCRIPT_LIB_VER = "2.4.0"
---Creates a task and runs it at once until its first wait.
---@param fun fun(...) @param ... any @return thread
function sys.taskInit(fun, ...) end
---Suspends the running task for ms (minimum 5). Returns nil on timeout.
---@param ms integer
function sys.wait(ms) end
---Waits for message id; returns true and its args, or false on timeout.
---@param id string @param ms? integer @return boolean, ...
function sys.waitUntil(id, ms) end
---Like waitUntil, returning the message id and args, or false.
---@param id string @param ms? integer
function sys.waitUntilExt(id, ms) end
---Queues a message; delivered FIFO by sys.run.
---@param id string @param ... any
function sys.publish(id, ...) end
---@param id string @param callback function|thread
function sys.subscribe(id, callback) end
---@param id string @param callback function|thread
function sys.unsubscribe(id, callback) end
---Calls fnc(...) once after ms; re-arming the same fnc + args restarts it. Returns the timer id.
---@param fnc function @param ms integer @return integer?
function sys.timerStart(fnc, ms, ...) end
---@param fnc function @param ms integer @return integer?
function sys.timerLoopStart(fnc, ms, ...) end
---@param idOrFnc integer|function
function sys.timerStop(idOrFnc, ...) end
---@param fnc function
function sys.timerStopAll(fnc) end
---@param idOrFnc integer|function
function sys.timerIsActive(idOrFnc, ...) end
---Asserts PROJECT/VERSION and logs the power-on line.
function sys.init(mode, lprfnc) end
---The main loop; never returns.
function sys.run() end
---@param reason string
function sys.restart(reason) end
