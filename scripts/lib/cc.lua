--- cc: voice calls over ril (3GPP TS 27.007: ATD, ATA, AT+CHUP, AT+CLCC), written for LuatHost with the API of Luat's
-- lib/cc.lua: cc.dial(number[, delay ms]) → true, cc.accept(number), cc.hangUp(number), cc.getState(number) (CONNECTED
-- 0, HOLD 1, DIALING 2, ALERTING 3, INCOMING 4, WAITING 5, DISCONNECTING 98, DISCONNECTED 99), cc.anyCallExist(),
-- cc.sendDtmf(digits), cc.dtmfDetect(enable[, sensitivity]), cc.transVoice(amr[, loop][, downLinkPlay]). It publishes
-- CALL_INCOMING(number), CALL_CONNECTED(number), CALL_DISCONNECTED(reason: "NO CARRIER", "BUSY", "NO ANSWER", "CHUP"
-- or nil), CALL_DTMF_DETECT(digit) and CALL_READY. After every call event it asks the module for its call list
-- (AT+CLCC) and publishes what changed, as Luat's does.
--
-- Unlike Luat's: it reads its answers through each request's callback (Luat's hooks every response of ATD, ATA,
-- AT+CHUP, AT+CHLD and AT+CLCC through ril.regRsp, so a script's own AT+CLCC also moved its state); it takes
-- only a whole "CONNECT" line for an answered call (Luat's ril also hands it "CONNECT OK" and the like, which the
-- AT firmware's sockets and MQTT print); transVoice checks and keeps the clip, but no sound reaches the far end of a
-- call from a PC.
require "ril"
require "pm"
module(..., package.seeall)

CONNECTED, HOLD, DIALING, ALERTING, INCOMING, WAITING = 0, 1, 2, 3, 4, 5
DISCONNECTING, DISCONNECTED = 98, 99

local calls = { n = 0 }
local reason

function anyCallExist() return calls.n ~= 0 end

function getState(num) return calls[num] or DISCONNECTED end

local refresh

-- The module's call list: publish each call that started ringing or was answered, and the end when none is left.
local function onList(_, success, _, intermediate)
  if not success then return end
  local now = { n = 0 }
  for id, stat, num in (intermediate or ""):gmatch('%+CLCC:%s*(%d+),%d,(%d),%d,%d,"([^"]*)"') do
    stat = tonumber(stat)
    if stat == WAITING then
      -- A second call knocking: end the one up and take it (AT+CHLD=1x, 27.007 §7.13), as Luat's does.
      ril.request("AT+CHLD=1" .. id, nil, refresh)
      return
    end
    if calls[num] ~= stat and (stat == INCOMING or stat == CONNECTED) then
      pm.wake("cc")
      sys.publish(stat == INCOMING and "CALL_INCOMING" or "CALL_CONNECTED", num)
    end
    now[num] = stat
    now.n = now.n + 1
  end
  calls = now
  if now.n == 0 then
    local why = reason
    reason = nil
    sys.publish("CALL_DISCONNECTED", why)
    pm.sleep("cc")
  end
end

refresh = function() ril.request("AT+CLCC", nil, onList) end

--- Dials `num` (after `delay` ms); false for no number.
function dial(num, delay)
  if num == nil or num == "" then return false end
  pm.wake("cc")
  ril.request("ATD" .. num .. ";", nil, refresh, delay)
  calls[num] = DIALING
  return true
end

--- Ends the call with `num`.
function hangUp(num)
  if calls[num] == DISCONNECTING or calls[num] == DISCONNECTED then return end
  if audio and type(audio.stop) == "function" then audio.stop() end
  ril.request("AT+CHUP", nil, function()
    reason = "CHUP"
    refresh()
  end)
  calls[num] = DISCONNECTING
end

--- Answers the ringing call from `num`.
function accept(num)
  if calls[num] ~= INCOMING then return end
  if audio and type(audio.stop) == "function" then audio.stop() end
  ril.request("ATA", nil, refresh)
end

--- Plays a 12.2 kbit/s AMR clip into the call; false when the data is not that. The PC keeps the clip (/RecDir/rec000,
-- as Luat's) but sends no sound.
function transVoice(data, loop, downLinkPlay)
  if type(data) ~= "string" then return false end
  local clip
  if data:sub(1, 7) == "#!AMR\n\60" then
    clip = data
  elseif data:byte(1) == 0x3C then
    clip = "#!AMR\n" .. data
  else
    log.error("cc.transVoice", "must be 12.2K AMR")
    return false
  end
  rtos.make_dir("/RecDir")
  if not io.writeFile("/RecDir/rec000", clip) then return false end
  log.info("cc.transVoice", #clip, loop, downLinkPlay, "no sound reaches a call from the PC")
  return true
end

--- Reports DTMF heard in a call (CALL_DTMF_DETECT); sens 1–3 (3 by default).
function dtmfDetect(enable, sens)
  if enable == true then ril.request("AT+DTMFDET=2,1," .. (sens or 3)) end
  ril.request("AT+DTMFDET=" .. (enable and 1 or 0))
end

--- Sends DTMF digits (0–9, A–D, *, #) in a call.
function sendDtmf(str, playtime, intvl)
  if type(str) ~= "string" or str == "" or str:match("[%dABCD%*#]+") ~= str then
    log.error("cc.sendDtmf", "illegal string", str)
    return false
  end
  ril.request("AT+VTS=" .. str)
  return true
end

-- +DTMFDET: <n>: the character's code, or 69/70/71 for the 1400, 2300 and 1000 Hz tones.
local tones = { [69] = "Hz1400", [70] = "Hz2300", [71] = "Hz1000" }

local function onDtmf(data)
  local n = tonumber(data:match("(%d+)"))
  if not n then return end
  local digit = ((n >= 48 and n <= 57) or (n >= 65 and n <= 68) or n == 42 or n == 35) and string.char(n) or tones[n]
  if digit then sys.publish("CALL_DTMF_DETECT", digit) end
end

local function onCallEvent(data, prefix)
  if prefix == "CONNECT" and data ~= "CONNECT" then return end -- a socket's CONNECT OK, not a call
  if data == "NO CARRIER" or data == "NO ANSWER" or data == "BUSY" then reason = data end
  refresh()
  if data == "CONNECT" and audio and type(audio.stop) == "function" then audio.stop() end
end

ril.regUrc("CALL READY", function()
  sys.publish("CALL_READY")
  ril.request("AT+CCWA=1")
end)
for _, prefix in ipairs({ "CONNECT", "NO CARRIER", "NO ANSWER", "BUSY", "+CLIP", "+CCWA" }) do
  ril.regUrc(prefix, onCallEvent)
end
ril.regUrc("+DTMFDET", onDtmf)

ril.request("ATX4")
ril.request("AT+CLIP=1")
ril.request("ATS7=60")
ril.request("AT+SETVOLTE=1")
