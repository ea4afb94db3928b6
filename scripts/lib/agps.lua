--- agps: assisted GPS for the Air530 (lib gps), written for LuatHost with the behaviour of Luat's lib/agps.lua: once the
-- network is up and the GPS has no fix, ask lbsLoc for the position and the time (openLuat's service, port 12412), set
-- the module's clock, and give the receiver a reference position and time (PGKC634/635); then, when the stored
-- ephemeris is older than 4 hours or missing, download it (http://download.openluat.com/9501-xingli/brdcGPD.dat_rda),
-- keep it in /ephData.bin (/ephTime.txt holds when) and write it to the receiver: "$PGKC149,1,<baud>*" switches it to
-- binary, then 512-byte frames AA F0 0B 02 66 02 <index> 00 <data, padded with FF> <xor> 0D 0A, each after the
-- receiver's acknowledgement, then the end frame AA F0 0B 00 66 02 FF FF 6F 0D 0A, then AA F0 0E 00 95 00 00 00 <baud
-- little-endian> <xor> 0D 0A back to NMEA. It publishes AGPS_LOCATED(lng, lat). agps.init()/unInit() start and stop it
-- (loading it starts it, as in Luat); agps.isgetloc() is 1 once a cell position came.
--
-- On the PC both services need a route to the Internet, or `--map` to servers that speak their protocols.
require "http"
require "lbsLoc"
require "net"
require "gps"
require "common"
require "misc"
module(..., package.seeall)

local EPH_TIME_FILE = "/ephTime.txt"
local EPH_DATA_FILE = "/ephData.bin"
local EPH_URL = "download.openluat.com/9501-xingli/brdcGPD.dat_rda"
local EPH_MAX_AGE = 4 * 3600 -- seconds
local FRAME_DATA = 512
local APP = { tag = "lib.agps.lua.eph" }
local FAST_FIX = { tag = "lib.agps.lua.fastFix", val = 4 }

local lastLng, lastLat = "", ""
local gotLocation = 0
local requesting = false
local ephemeris -- bytes still to write
local frameIndex = 0
local writeState -- nil, "binary", "frames", "end"

local function xorFrom3(frame)
  local sum = 0
  for i = 3, #frame do sum = bit.bxor(sum, frame:byte(i)) end
  return string.char(sum)
end

local function stale()
  if gps.isFix() then return false end
  local written = tonumber(io.readFile(EPH_TIME_FILE) or "")
  return not written or os.time() - written >= EPH_MAX_AGE
end

local update

local function remind()
  sys.timerStart(update, EPH_MAX_AGE * 1000)
end

local function backToNmea()
  local frame = ("AAF00E0095000000"):fromHex() .. pack.pack("<i", gps.uartBaudrate)
  gps.writeCmd(frame .. xorFrom3(frame) .. "\r\n", true)
  sys.timerStart(gps.close, 2000, gps.TIMER, APP)
  ephemeris, frameIndex, writeState = nil, 0, nil
end

-- One step of the write, on each acknowledgement from the receiver.
local function writeNext()
  if writeState == "binary" or writeState == "frames" then
    if ephemeris and #ephemeris > 0 then
      local data = ephemeris:sub(1, FRAME_DATA)
      ephemeris = ephemeris:sub(FRAME_DATA + 1)
      data = data .. string.rep("\255", FRAME_DATA - #data)
      local frame = ("AAF00B026602"):fromHex() .. string.char(frameIndex % 256, 0) .. data
      gps.writeCmd(frame .. xorFrom3(frame) .. "\r\n", true)
      frameIndex = frameIndex + 1
      writeState = "frames"
    else
      gps.writeCmd(("AAF00B006602FFFF6F0D0A"):fromHex(), true)
      writeState = "end"
    end
  elseif writeState == "end" then
    io.writeFile(EPH_TIME_FILE, tostring(os.time()))
    backToNmea()
  end
end

local function startWriting(data)
  ephemeris, frameIndex = data, 0
  -- The receiver stays on while the ephemeris goes in; backToNmea closes this after the last frame.
  gps.open(gps.TIMER, { tag = APP.tag, val = 10, cb = backToNmea })
  sys.timerStart(function()
    writeState = "binary"
    gps.writeCmd("$PGKC149,1," .. gps.uartBaudrate .. "*")
  end, 2000)
end

local function downloaded(result, status, _, body)
  log.info("agps.download", result, status, body and #body)
  remind()
  if not (result and status == "200" and body and #body > 0) then return end
  io.writeFile(EPH_DATA_FILE, body)
  if gps.isFix() then
    io.writeFile(EPH_TIME_FILE, tostring(os.time()))
  else
    startWriting(body)
  end
end

update = function()
  if gps.isFix() then return remind() end
  http.request("GET", EPH_URL, nil, nil, nil, 20000, downloaded)
end

local function fastFix(lng, lat, tm)
  gps.setFastFix(lat, lng, tm)
  if stale() then update() else remind() end
end

local function located(result, lat, lng, _, time)
  requesting = false
  log.info("agps.located", result, lat, lng)
  if result == 0 then
    lastLng, lastLat, gotLocation = lng, lat, 1
    sys.publish("AGPS_LOCATED", lng, lat)
    if not gps.isFix() then
      local tm = { year = 0, month = 0, day = 0, hour = 0, min = 0, sec = 0 }
      if time and #time == 6 then
        -- The service's time is Beijing time: the clock takes it, the receiver wants UTC.
        tm = { year = time:byte(1) + 2000, month = time:byte(2), day = time:byte(3), hour = time:byte(4),
          min = time:byte(5), sec = time:byte(6) }
        misc.setClock(tm)
        tm = common.timeZoneConvert(tm.year, tm.month, tm.day, tm.hour, tm.min, tm.sec, 8, 0)
      end
      gps.open(gps.TIMERORSUC, FAST_FIX)
      sys.timerStart(fastFix, 2000, lng, lat, tm)
      return
    end
  end
  if stale() then update() else remind() end
end

local function networkUp()
  if gps.isFix() then return remind() end
  if not requesting then
    requesting = true
    lbsLoc.request(located, nil, 30000, "0", "bs.openluat.com", "12412", true)
  end
end

local function gpsState(event, fixed)
  if event == "LOCATION_SUCCESS" or (event == "CLOSE" and fixed == true) then
    remind()
  elseif event == "BINARY_CMD_ACK" or event == "WRITE_EPH_ACK" or event == "WRITE_EPH_END_ACK" then
    writeNext()
  elseif event == "OPEN" then
    local lng, lat = gps.getLastLocation()
    if lng == "" or lat == "" then lng, lat = lastLng, lastLat end
    if lng ~= "" and lat ~= "" then
      gps.open(gps.TIMERORSUC, FAST_FIX)
      local now = os.date("*t")
      sys.timerStart(gps.setFastFix, 2000, lat, lng,
        common.timeZoneConvert(now.year, now.month, now.day, now.hour, now.min, now.sec, 8, 0))
    end
  end
end

--- 1 once the service gave a position, else 0.
function isgetloc()
  return gotLocation
end

function init()
  sys.subscribe("GPS_STATE", gpsState)
  sys.subscribe("IP_READY_IND", networkUp)
end

function unInit()
  sys.unsubscribe("GPS_STATE", gpsState)
  sys.unsubscribe("IP_READY_IND", networkUp)
end

init()
