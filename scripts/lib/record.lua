--- record: recording through the core's audiocore, written for LuatHost with the API of Luat's lib/record.lua.
-- record.start(seconds, cbFnc[, "FILE"|"STREAM"][, quality 0–3][, rcdType][, format 1 pcm|2 wav|3 amrnb|4 speex]
-- [, streamRptLen]) → true when started. A file recording (at most 50 s) goes to /record.amr, whatever its format, and
-- ends with cbFnc(true, size); a stream recording calls cbFnc(true, bytes waiting, "STREAM") as data comes (read it
-- with audiocore.streamrecordread) and cbFnc(true, 0, "END") at its end. record.stop([cbFnc]) ends it early,
-- cbFnc(0). getFilePath, getData(offset, len), getSize() → size, whole seconds (at 1,600 bytes a second, as Luat's
-- counts), delete, exists, isBusy.
--
-- On the PC the microphone is not the module's: audiocore records silence of the length and in the format asked for.
-- Unlike Luat's: a failed start also answers false (Luat's answers nothing).
require "log"
require "ril"
module(..., package.seeall)

local FILE = "/record.amr"
local kind = "FILE"
local recording, stopping, onRecorded, onStopped

--- Starts recording; see the top of this file.
function start(seconds, cbFnc, typ, quality, rcdType, format, streamRptLen)
  if recording or stopping or type(seconds) ~= "number" or seconds <= 0 or (typ ~= "STREAM" and seconds > 50) then
    log.error("record.start", recording, stopping, seconds)
    if cbFnc then cbFnc() end
    return false
  end
  delete()
  kind = typ or "FILE"
  local started
  if kind == "STREAM" then
    started = audiocore.streamrecord(seconds, quality or 1, rcdType or 1, format or 3, streamRptLen)
  else
    started = audiocore.record(FILE, seconds, quality or 1, rcdType or 1, format or 3)
  end
  if not started then
    log.error("record.start", "the recorder refused", seconds, kind)
    if cbFnc then cbFnc() end
    return false
  end
  log.info("record.start", seconds, kind, format or 3)
  recording, onRecorded = true, cbFnc
  return true
end

--- Ends the recording now; cbFnc(0) once it has ended (1 when a stop is already under way).
function stop(cbFnc)
  if not recording then
    if cbFnc then cbFnc(0) end
    return
  end
  if stopping then
    if cbFnc then cbFnc(1) end
    return
  end
  onStopped, stopping = cbFnc, true
  audiocore.stoprecord()
end

function getFilePath() return FILE end

--- len bytes of the recording from offset (0-based); "" when there is none.
function getData(offset, len)
  local f = io.open(FILE, "rb")
  if not f then return "" end
  local data = f:seek("set", offset) and f:read(len)
  f:close()
  return data or ""
end

--- The recording's size in bytes and its length in whole seconds.
function getSize()
  local size = io.fileSize(FILE)
  local seconds = 0
  if size > 6 then seconds = math.floor((size - 6) / 1600) end
  return size, seconds
end

function delete()
  audiocore.deleterecord()
  os.remove(FILE)
end

function exists() return io.exists(FILE) end

function isBusy() return recording or stopping end

-- As Luat's: the recording callback runs while the recorder still counts as busy, then the stop callback.
local function ended(ok)
  local cb = onRecorded
  onRecorded = nil
  if cb then cb(ok, (ok and kind == "FILE") and io.fileSize(FILE) or 0, "END") end
  recording, stopping = false, false
  local stopCb = onStopped
  onStopped = nil
  if stopCb then stopCb(0) end
end

rtos.on(rtos.MSG_RECORD, function(msg)
  log.info("record.MSG_RECORD", msg.record_end_ind, msg.record_error_ind, kind)
  if kind == "FILE" then audiocore.deleterecord() end
  if msg.record_error_ind then
    os.remove(FILE)
    ended(false)
  elseif msg.record_end_ind then
    ended(true)
  end
end)

rtos.on(rtos.MSG_STREAM_RECORD, function(msg)
  if onRecorded then onRecorded(true, msg.wait_read_len, "STREAM") end
end)
