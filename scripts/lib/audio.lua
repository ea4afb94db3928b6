--- audio: playing clips and speech through the core's audiocore and ttsply, written for LuatHost with the API of Luat's
-- lib/audio.lua. audio.play(priority, type, path[, vol=4][, cbFnc][, dup][, dupInterval ms]) → true; type "FILE" (a
-- device path, or a table of paths of one format played as one clip), "TTS" (UTF-8 text) or "TTSCC" (read as TTS: the
-- PC has no call to read it into); cbFnc(result) with Luat's codes: 0 played to the end, 1 error, 2 refused (a request
-- of higher priority is playing), 4 cut short by a newer request, 5 stopped by audio.stop. A request of higher priority
-- ends the one playing; one of the same priority waits unless audio.setStrategy(1). dup repeats until stopped, with
-- dupInterval between repeats. audio.stop([cbFnc]) → cbFnc(0) once stopped.
--
-- On the PC nothing is heard: audiocore and ttsply take as long as the module would (the clip's own length; speech at a
-- reader's pace) and report the end as the core does (MSG_AUDIO, MSG_TTSPLY_STATUS). Unlike Luat's: "RECORD" plays the
-- recorder's file (Luat's asks the core over AT+AUDREC, which has no PC counterpart); the microphone gain and volume are
-- kept by audiocore instead of AT+CMIC/AT+CACCP (commands for the module's codec).
require "common"
require "misc"
require "utils"
module(..., package.seeall)

local OK, ERROR, REFUSED, NEWER, STOPPED = 0, 1, 2, 4, 5

local queue = {}
local strategy = 0
local ttsSpeed = 50
local speakerVolume, callVolume, micVolume = 4, 4, 1
local worker, idle, ttsReady

local function finish(item, result)
  log.info("audio.finish", item.type, result)
  table.remove(queue, 1)
  if item.cbFnc then item.cbFnc(result) end
end

-- The end of one playing, as its indication said: whether the item is done, and with what.
local function ended(item, key, value)
  if key == "NEW" then return true, NEWER end
  if key == "STOP" then return true, STOPPED end
  if not value then return true, ERROR end
  if not item.dup then return true, OK end
  if item.dupInterval > 0 then
    local interrupted, reason = sys.waitUntil("LIB_AUDIO_PLAY_IND", item.dupInterval)
    if interrupted then return true, reason == "NEW" and NEWER or STOPPED end
  end
  return false
end

-- A table of files of one format as one clip: AMR files past the first lose their "#!AMR\n" header.
local function playFiles(paths)
  local first = paths[1]:lower()
  local format = first:match("%.amr$") and audiocore.AMR or first:match("%.pcm$") and audiocore.PCM
    or first:match("%.mp3$") and audiocore.MP3
  if not format then return false end
  local parts = {}
  for i, path in ipairs(paths) do
    local data = io.readFile(path)
    if not data then return false end
    parts[#parts + 1] = (format == audiocore.AMR and i > 1) and data:sub(7) or data
  end
  return audiocore.playdata(table.concat(parts), format)
end

local function startFile(item)
  if type(item.path) == "table" then return playFiles(item.path) end
  return audiocore.play(item.path)
end

local function speak(item)
  if not ttsReady then ttsReady = ttsply.initEngine() end
  ttsply.setParm(0, ttsSpeed)
  return ttsply.play(common.utf8ToGb2312(item.path))
end

local function playOnce(item)
  local started
  if item.type == "TTS" or item.type == "TTSCC" then
    started = speak(item)
  elseif item.type == "RECORD" then
    started = audiocore.play(record and record.getFilePath() or "/record.amr")
  else
    started = startFile(item)
  end
  if not started then
    audiocore.stop()
    return true, ERROR
  end
  local _, key, value = sys.waitUntil("LIB_AUDIO_PLAY_IND")
  if item.type == "TTS" or item.type == "TTSCC" then
    -- Speech cut short reports its stop: take that report here, not as the next item's end.
    if ttsply.stop() then sys.waitUntil("LIB_AUDIO_PLAY_IND", 2000) end
  else
    audiocore.stop()
  end
  return ended(item, key, value)
end

local function run()
  while true do
    if #queue == 0 then
      idle = true
      sys.waitUntil("LIB_AUDIO_PLAY_ENTRY")
      idle = false
    end
    local item = queue[1]
    if item.type == "STOP" then
      finish(item, OK)
    elseif #queue > 1 then
      -- A newer request (or a stop) came before this one started.
      finish(item, queue[2].type == "STOP" and STOPPED or NEWER)
    else
      setVolume(item.vol)
      local done, result = playOnce(item)
      if done then finish(item, result) end
    end
  end
end

--- Plays a clip or speech; see the top of this file. Returns true.
function play(priority, typ, path, vol, cbFnc, dup, dupInterval)
  log.info("audio.play", priority, typ, path, vol, cbFnc, dup, dupInterval)
  if not worker then worker = sys.taskInit(run) end
  local item = { priority = priority, type = typ, path = path, vol = vol or 4, cbFnc = cbFnc, dup = dup,
    dupInterval = dupInterval or 0 }
  if #queue == 0 then
    queue[1] = item
    sys.publish("LIB_AUDIO_PLAY_ENTRY")
    return true
  end
  local last = queue[#queue]
  if last.type == "STOP" then
    queue[#queue + 1] = item
  elseif priority > last.priority or (priority == last.priority and strategy == 1) then
    queue[#queue + 1] = item
    if not idle then sys.publish("LIB_AUDIO_PLAY_IND", "NEW") end
  else
    log.warn("audio.play", "a request of higher priority is playing")
    if cbFnc then cbFnc(REFUSED) end
  end
  return true
end

--- Stops what plays and what waits; cbFnc(0) once stopped.
function stop(cbFnc)
  log.info("audio.stop", cbFnc)
  if #queue == 0 then
    if cbFnc then cbFnc(OK) end
    return
  end
  queue[#queue + 1] = { type = "STOP", cbFnc = cbFnc }
  sys.publish("LIB_AUDIO_PLAY_IND", "STOP")
end

rtos.on(rtos.MSG_AUDIO, function(msg)
  sys.publish("LIB_AUDIO_PLAY_IND", "RESULT", msg.play_end_ind)
end)
rtos.on(rtos.MSG_TTSPLY_STATUS, function()
  sys.publish("LIB_AUDIO_PLAY_IND", "RESULT", true)
end)
rtos.on(rtos.MSG_TTSPLY_ERROR, function()
  sys.publish("LIB_AUDIO_PLAY_IND", "RESULT", false)
end)

--- Speaker volume 0–7 (0 silent); true when set.
function setVolume(vol)
  local result = audiocore.setvol(vol)
  if result then speakerVolume = vol end
  return result
end

function getVolume() return speakerVolume end

--- Volume of a call 0–7.
function setCallVolume(vol)
  audiocore.setsphvol(vol)
  callVolume = vol
  return true
end

function getCallVolume() return callVolume end

--- Microphone volume 0–15.
function setMicVolume(vol)
  audiocore.setmicvol(vol)
  micVolume = vol
  return true
end

function getMicVolume() return micVolume end

--- Microphone gain: mode "record" or "call", level 0–7.
function setMicGain(mode, level)
  return audiocore.setmicgain(mode, level)
end

--- When a request has the priority of the one playing: 0 keeps playing that one (the default), 1 plays the new one.
function setStrategy(s) strategy = s end

--- Speech speed 0–100 (50 by default).
function setTTSSpeed(speed)
  if type(speed) == "number" and speed >= 0 and speed <= 100 then
    ttsSpeed = speed
    return true
  end
end

--- Output channel (1 the speaker, 2 the earpiece in Luat's numbering) and input.
function setChannel(output, input)
  return audiocore.setchannel(output or 2, input or 0)
end
