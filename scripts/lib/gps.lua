--- gps: a GPS receiver on a UART speaking NMEA 0183, written for LuatHost with the API of Luat's lib/gps.lua (Air530
-- and other serial receivers). Wire the receiver with `--uart 2=/dev/ttyUSB0@9600` (or tcp://host:port); without it the
-- UART has nothing attached, as on a module with no receiver: the GPS opens and never fixes.
--
-- "GPS applications" as in Luat: gps.open(mode, {tag=, val=, cb=}) with gps.DEFAULT (until closed; cb(tag) on a fix),
-- gps.TIMERORSUC (cb(tag) and closed on a fix or after val seconds) and gps.TIMER (cb(tag) and closed after val seconds);
-- the receiver is powered while any is open. GPS_STATE is published with "OPEN", "LOCATION_SUCCESS", "LOCATION_FAIL",
-- "LOCATION_FILTER" and "CLOSE" (with whether it was fixed), GPS_WORK_ABNORMAL_IND when 8 s pass without a sentence.
-- Values come back in Luat's shapes: getLocation() {lngType, lng, latType, lat} in degrees with 7 decimals cut, not
-- rounded (or "DEGREE_MINUTE" as the receiver sent them), getSpeed() km/h and knots as whole numbers, getAltitude()
-- and getCourse() whole numbers, satellites seen counted from GPS and BeiDou GSV sentences.
--
-- Unlike Luat's: a sentence whose checksum does not match is dropped (line noise); the fix is lost after 20 sentences
-- in a row without one (Luat counts them since the fix, in a row or not); BeiDou's GSV is also taken under its NMEA 4.1
-- talker id GB. The Air530's binary acknowledgements (agps writing ephemeris) are published as GPS_STATE
-- "BINARY_CMD_ACK", "WRITE_EPH_ACK" and "WRITE_EPH_END_ACK", as Luat's library does.
require "pm"
require "utils"
module(..., package.seeall)

DEFAULT, TIMERORSUC, TIMER = 1, 2, 3
uartBaudrate = 115200

local sformat = string.format
local FIX_LOST_AFTER = 20 -- sentences without a fix
local ABNORMAL_AFTER = 8000 -- ms without a sentence after opening

local uartId, dataBits, parity, stopBits = 2, 8, uart.PAR_NONE, uart.STOP_1
local opened, fixed, fixedOnce, filtered = false, false, false, false
local withoutFix, filterSeconds = 0, 0
local latType, lat, lngType, lng = "N", "", "E", ""
local altitude, speed, course, usedCount = "0", "0", "0", "0"
local viewedGps, viewedBd, maxSignal, maxSignalCycle = 0, 0, 0, 0
local utcTime, sateSn, gsv, sep, ggaLng, ggaLat
local parseUtc, parseGsv, parseSn
local powerCb, nmeaMode, nmeaCb = nil, 0, nil
local pendingSentences = {} -- configuration for the receiver, written once it speaks
local readerStarted
local apps = {} -- open GPS applications: { mode, tag, cb, remain, delay }

local function withChecksum(sentence)
  local sum = 0
  for i = 2, #sentence - 1 do sum = bit.bxor(sum, sentence:byte(i)) end
  return sentence .. sformat("%02X", sum) .. "\r\n"
end


--- Writes a command to the receiver: "$PGKC149,1,115200*" gets its checksum and line end, unless isFull.
function writeCmd(cmd, isFull)
  local data = isFull and cmd or withChecksum(cmd)
  uart.write(uartId, data)
  log.info("gps.writeCmd", data)
end

local function writePending()
  for i = 1, #pendingSentences do writeCmd(pendingSentences[i]) end
  pendingSentences = {}
end

local function queue(sentence)
  for _, waiting in ipairs(pendingSentences) do
    if waiting == sentence then return end
  end
  pendingSentences[#pendingSentences + 1] = sentence
end

-- The fields of a sentence between its address and "*", or nil when its checksum does not match.
local function fields(line)
  local body, sum = line:match("^%$([^*]*)%*(%x%x)")
  if not body then
    body = line:match("^%$([^*\r\n]*)")
    if not body then return nil end
  else
    local computed = 0
    for i = 1, #body do computed = bit.bxor(computed, body:byte(i)) end
    if computed ~= tonumber(sum, 16) then return nil end
  end
  local list = {}
  for field in (body .. ","):gmatch("([^,]*),") do list[#list + 1] = field end
  return list
end

local function filterDone()
  filtered = true
end

local function stopAbnormalTimer()
  sys.timerStop(sys.publish, "GPS_WORK_ABNORMAL_IND")
end

-- GSV: satellites in view; with setParseItem(_, true) also "id,elevation,azimuth,snr," per satellite and the strongest
-- signal of the last complete cycle.
local function takeGsv(f, beidou)
  local count = tonumber(f[4]) or 0
  if beidou then viewedBd = count else viewedGps = count end
  if not parseGsv then return end
  if tonumber(f[3]) == 1 then
    maxSignal, maxSignalCycle = maxSignalCycle, 0
  end
  for i = 5, #f - 3, 4 do
    local id, elevation, azimuth, snr = f[i], f[i + 1], f[i + 2], f[i + 3]
    if id == "" then break end
    snr = tonumber(snr) or 0
    if snr > maxSignalCycle then maxSignalCycle = snr end
    local entry = sformat("%s,%s,%s,%d,", id, elevation, azimuth, snr)
    local before, after = gsv:find("%f[%d]" .. id .. ",[^,]*,[^,]*,[^,]*,")
    if before and (before == 1 or gsv:sub(before - 1, before - 1) == ",") then
      gsv = gsv:sub(1, before - 1) .. entry .. gsv:sub(after + 1)
    else
      gsv = gsv .. entry
    end
  end
end

-- The Air530's binary answers while agps writes ephemeris (frames AA F0 …, from Luat's lib/gps.lua and lib/agps.lua).
local BINARY_MODE_ACK = "AAF00C0001009500039B0D0A"

local function binaryAck(line)
  if line:sub(1, 2) ~= "\170\240" then return false end
  local hex = line:toHex()
  if hex == BINARY_MODE_ACK then
    sys.publish("GPS_STATE", "BINARY_CMD_ACK")
  elseif hex:sub(1, 12) == "AAF00C000300" then
    sys.publish("GPS_STATE", hex:sub(13, 16) == "FFFF" and "WRITE_EPH_END_ACK" or "WRITE_EPH_ACK")
  end
  stopAbnormalTimer()
  return true
end

local function parse(line)
  if binaryAck(line) then return end
  local f = fields(line)
  if not f then return end
  local kind, talker = f[1]:sub(-3), f[1]:sub(1, 2)
  local fixNow
  if kind == "GGA" then
    local quality = f[7]
    if (quality == "1" or quality == "2" or quality == "4") and f[10] and f[10] ~= "" and f[3] ~= "" then
      latType, lat, lngType, lng = f[4], f[3], f[6], f[5]
      altitude, usedCount, sep = f[10], f[8], f[12]
      ggaLng, ggaLat = (lngType == "W" and "-" or "") .. lng, (latType == "S" and "-" or "") .. lat
    else
      fixNow = false
    end
  elseif kind == "RMC" then
    if f[3] == "A" then
      fixNow = true
      latType, lat, lngType, lng = f[5], f[4], f[7], f[6]
      speed, course = f[8], f[9]
      local time, date = f[2], f[10]
      if parseUtc and #time >= 6 and #date == 6 then
        utcTime = { year = 2000 + tonumber(date:sub(5, 6)), month = tonumber(date:sub(3, 4)), day = tonumber(date:sub(1, 2)),
          hour = tonumber(time:sub(1, 2)), min = tonumber(time:sub(3, 4)), sec = tonumber(time:sub(5, 6)) }
      end
    else
      fixNow = false
    end
  elseif kind == "GSV" and (talker == "GP" or talker == "BD" or talker == "GB") then
    takeGsv(f, talker ~= "GP")
  elseif kind == "GSA" then
    if parseSn then
      local ids = {}
      for i = 4, 15 do ids[#ids + 1] = (f[i] or "") .. "," end
      if (f[4] or "") ~= "" then sateSn = table.concat(ids) end
    end
  end
  stopAbnormalTimer()

  if filterSeconds > 0 and fixNow and not fixed and not filtered then
    if not sys.timerIsActive(filterDone) then
      sys.publish("GPS_STATE", "LOCATION_FILTER")
      sys.timerStart(filterDone, filterSeconds * 1000)
    end
    return
  end
  if fixNow then
    withoutFix = 0
    if not fixed then
      fixed, fixedOnce, filtered = true, true, true
      sys.publish("GPS_STATE", "LOCATION_SUCCESS")
    end
  elseif fixNow == false and fixed then
    withoutFix = withoutFix + 1
    if withoutFix >= FIX_LOST_AFTER then
      fixed, filtered, withoutFix = false, false, 0
      sys.timerStop(filterDone)
      sys.publish("GPS_STATE", "LOCATION_FAIL")
    end
  end
end

-- Reads the receiver's lines: the core tells of new bytes only when none were waiting, so read until "".
local function reader()
  local partial = ""
  while true do
    local data = opened and uart.read(uartId, "*l") or ""
    if data == "" then
      sys.waitUntil("LIB_GPS_UART_DATA")
    else
      partial = partial .. data
      while true do
        local stop = partial:find("\n", 1, true)
        if not stop then break end
        local line = partial:sub(1, stop)
        partial = partial:sub(stop + 1)
        writePending()
        if nmeaMode == 0 or nmeaMode == 2 then parse(line) end
        if (nmeaMode == 1 or nmeaMode == 2) and nmeaCb then nmeaCb(line) end
      end
      if #partial > 4096 then partial = "" end -- not NMEA (a wrong baud rate): do not keep it
    end
  end
end

local function powerOn()
  if opened then return end
  pm.wake("gps.lua")
  uart.on(uartId, "receive", function() sys.publish("LIB_GPS_UART_DATA") end)
  uart.setup(uartId, uartBaudrate, dataBits, parity, stopBits)
  if not readerStarted then
    readerStarted = true
    sys.taskInit(reader)
  end
  if powerCb then
    powerCb(true)
  else
    pmd.ldoset(15, pmd.LDO_VMMC)
    rtos.sys32k_clk_out(1)
  end
  opened, fixed, filtered, withoutFix = true, false, false, 0
  ggaLng, ggaLat, gsv, sep = "", "", "", nil
  sys.timerStart(sys.publish, ABNORMAL_AFTER, "GPS_WORK_ABNORMAL_IND")
  sys.publish("GPS_STATE", "OPEN")
  log.info("gps.open", "uart", uartId, uartBaudrate)
end

local function powerOff()
  if not opened then return end
  if powerCb then
    powerCb(false)
  else
    pmd.ldoset(0, pmd.LDO_VMMC)
    rtos.sys32k_clk_out(0)
  end
  uart.close(uartId)
  pm.sleep("gps.lua")
  opened = false
  sys.publish("GPS_STATE", "CLOSE", fixed)
  stopAbnormalTimer()
  sys.timerStop(filterDone)
  fixed, filtered = false, false
  ggaLng, ggaLat, gsv, sep = "", "", "", nil
  log.info("gps.close")
end

local function valid(para, what)
  assert(type(para) == "table" and type(para.tag) == "string", "gps." .. what .. " para invalid")
end

local function find(mode, tag)
  for i, app in ipairs(apps) do
    if app.mode == mode and app.tag == tag then return i, app end
  end
end

local function anyTimed()
  for _, app in ipairs(apps) do
    if app.remain or app.delay then return true end
  end
  return false
end

local tick

local function startTicking()
  if anyTimed() and not sys.timerIsActive(tick) then sys.timerStart(tick, 1000) end
end

-- Once a second: count down each application's time, and end those whose fix came or whose time is up.
tick = function()
  for _, app in ipairs({ unpack(apps) }) do
    if select(2, find(app.mode, app.tag)) == app then
      if app.remain and app.remain > 0 then app.remain = app.remain - 1 end
      if app.delay and app.delay > 0 then app.delay = app.delay - 1 end
      if fixed and app.mode == TIMER and app.remain == 0 and not app.delay then app.delay = 1 end
      if fixed then
        if app.delay == 0 then
          if app.cb then app.cb(app.tag) end
          if app.mode == DEFAULT then app.delay = nil else close(app.mode, app) end
        end
      elseif app.remain == 0 then
        if app.cb then app.cb(app.tag) end
        close(app.mode, app)
      end
    end
  end
  startTicking()
end

sys.subscribe("GPS_STATE", function(event)
  if event ~= "LOCATION_SUCCESS" then return end
  -- A fix ends the DEFAULT and TIMERORSUC applications' wait: their callbacks come on the next tick.
  for _, app in ipairs(apps) do
    if app.mode ~= TIMER then app.delay = 1 end
  end
  startTicking()
end)

--- Opens a GPS application (mode gps.DEFAULT, gps.TIMERORSUC or gps.TIMER; para {tag=, val= seconds, cb=}).
function open(mode, para)
  valid(para, "open")
  if fixed and mode ~= TIMER then
    if para.cb then para.cb(para.tag) end
    if mode == TIMERORSUC then return end
  end
  local index = find(mode, para.tag)
  if index then table.remove(apps, index) end
  apps[#apps + 1] = { mode = mode, tag = para.tag, cb = para.cb,
    remain = (mode == TIMER or mode == TIMERORSUC) and (tonumber(para.val) or 0) or nil }
  powerOn()
  startTicking()
end

--- Closes a GPS application; the receiver is switched off when none is left. Its callback is not called.
function close(mode, para)
  valid(para, "close")
  local index = find(mode, para.tag)
  if index then table.remove(apps, index) end
  if #apps == 0 then powerOff() end
end

--- Closes every application, calling each one's callback.
function closeAll()
  for _, app in ipairs({ unpack(apps) }) do
    if app.cb then app.cb(app.tag) end
    close(app.mode, app)
  end
end

function isActive(mode, para)
  valid(para, "isActive")
  return find(mode, para.tag) ~= nil or nil
end

--- cbFnc(true) to power the receiver, cbFnc(false) to cut it (default: the module's VMMC LDO).
function setPowerCbFnc(cbFnc)
  powerCb = cbFnc
end

--- The UART the receiver is on (default UART 2, 115200 8N1).
function setUart(id, baudrate, databits, par, stopbits)
  uartId, uartBaudrate, dataBits, parity, stopBits = id, baudrate, databits, par, stopbits
end

--- Air530 only: which constellations to search (PGKC115); GPS and BeiDou when none is given.
function setAerialMode(gpsOn, beidou, glonass, galileo)
  gpsOn, beidou, glonass, galileo = gpsOn or 0, beidou or 0, glonass or 0, galileo or 0
  if gpsOn + beidou + glonass + galileo == 0 then gpsOn, beidou = 1, 1 end
  queue(sformat("$PGKC115,%d,%d,%d,%d*", gpsOn, glonass, beidou, galileo))
end

--- 0: only this library reads the sentences, 1: only cbFnc(line), 2: both.
function setNmeaMode(mode, cbFnc)
  nmeaMode, nmeaCb = mode, cbFnc
end

--- Air530 only: run mode (PGKC105) and, in normal mode, the report interval in ms (PGKC101, 200..10000).
function setRunMode(mode, runTm, sleepTm)
  if mode == 0 and runTm then
    queue(sformat("$PGKC101,%d*", math.max(200, math.min(10000, runTm))))
  end
  if mode == 1 or mode == 2 then
    queue(sformat("$PGKC105,%d,%s,%s*", mode, tostring(runTm or ""), tostring(sleepTm or "")))
  else
    queue(sformat("$PGKC105,%d*", mode))
  end
end

--- Air530 only: how often each sentence is sent (PGKC242).
function setNemaReportFreq(rmc, gga, gsa, gsvFreq, vtg, gll)
  queue(sformat("$PGKC242,%d,%d,%d,%d,%d,%d,0,0,0,0,0,0,0,0,0,0,0,0,0*", gll or 0, rmc or 1, vtg or 1, gga or 1, gsa or 1, gsvFreq or 1))
end

--- Ignore positions for this many seconds after a fix first comes.
function setLocationFilter(seconds)
  filterSeconds = seconds or 0
end

--- Air530 only: a reference time and position for a faster fix (PGKC634, PGKC635).
function setFastFix(latitude, longitude, tm)
  local t = sformat("%d,%d,%d,%d,%d,%d*", tm.year, tm.month, tm.day, tm.hour, tm.min, tm.sec)
  writeCmd("$PGKC634," .. t)
  writeCmd(sformat("$PGKC635,%s,%s,0,%s", tostring(latitude), tostring(longitude), t))
end

function isOpen() return opened end

function isFix() return fixed end

function isOnece() return fixedOnce end

-- "ddmm.mmmm" (or "dddmm.mmmm") → degrees with 7 decimals, cut as Luat's library cuts them: the minutes' fraction is
-- taken to 5 digits, then minutes × 10^5 ÷ 60 without rounding ("02217.14087" → "022.2856811").
local function degrees(value)
  local whole, fraction = value:match("^(%d+)%.(%d+)$")
  if not whole then return "" end
  if #whole ~= 4 and #whole ~= 5 then
    log.error("gps.degreeMinuteToDegree integer error", value)
    return ""
  end
  fraction = (fraction .. "00000"):sub(1, 5)
  local minutes = tonumber(whole:sub(-2) .. fraction) -- minutes × 10^5
  return whole:sub(1, -3) .. "." .. sformat("%07d", math.floor(minutes * 10 / 6))
end

--- {lngType, lng, latType, lat}: degrees, or "DEGREE_MINUTE" as sent; "" while there is no fix.
function getLocation(typ)
  local minutes = typ == "DEGREE_MINUTE"
  return { lngType = lngType, lng = fixed and (minutes and lng or degrees(lng)) or "",
    latType = latType, lat = fixed and (minutes and lat or degrees(lat)) or "" }
end

--- The last position received, fixed now or not: a table for "DEGREE_MINUTE", else lng, lat in degrees.
function getLastLocation(typ)
  if typ == "DEGREE_MINUTE" then
    return { lngType = lngType, lng = lng, latType = latType, lat = lat }
  end
  return lng ~= "" and degrees(lng) or "", lat ~= "" and degrees(lat) or ""
end

local function whole(value)
  return tonumber(tostring(value or ""):match("(%d+)") or "0")
end

function getAltitude() return whole(altitude) end

--- km/h and knots, whole numbers.
function getSpeed()
  local knots = whole(speed)
  return math.floor(knots * 1852 / 1000), knots
end

function getOrgSpeed() return speed end

function getCourse() return whole(course) end

function getMaxSignalStrength() return maxSignal end

function getViewedSateCnt() return viewedGps + viewedBd end

function getUsedSateCnt() return tonumber(usedCount) or 0 end

--- Longitude and latitude from GGA in degrees and minutes, negative to the west and south.
function getGgaloc() return ggaLng or "", ggaLat or "" end

function getUtcTime() return utcTime end

function getSep() return tonumber(sep or "0") or 0 end

function getSateSn() return sateSn or "" end

function getGsv() return gsv or "" end

--- What else to read: UTC time (RMC), the GSV table, the GSA satellite ids.
function setParseItem(utc, gsvTable, gsaIds)
  parseUtc, parseGsv, parseSn = utc, gsvTable, gsaIds
end

function init() end

function unInit()
  closeAll()
end
