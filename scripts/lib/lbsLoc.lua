--- lbsLoc: position from the serving cell (and Wi-Fi hotspots), asked of openLuat's location service over UDP, written
-- for LuatHost with the API and the request of Luat's lib/lbsLoc.lua: lbsLoc.request(cbFnc[, reqAddr][, timeout=20000]
-- [, productKey][, host="bs.openluat.com"][, port="12411"][, reqTime][, reqWifi]) calls
-- cbFnc(result, lat, lng, addr, time, locType) once: result 0 with lat/lng as "ddd.ddddddd" text, the server's time as 6
-- bytes (year-2000, month, day, hour, minute, second) and locType 0 (cells) or 255 (Wi-Fi); or 1 no network within the
-- timeout, 2 no connection, 3 sending failed, 4 no answer (each after 3 tries), 5 the server found nothing (or
-- refused the product key), 6 no socket free.
--
-- The datagram, as Luat's library builds it: the product key with its length, flags (2 address, 4 time, 8, 16 Wi-Fi,
-- 32), the IMEI in BCD, the MUID with its length, the cells from net.getCellInfoExt() grouped by MCC/MNC/LAC (at most
-- 8 a group: >HHb lac, mcc, mnc, then >bi count-and-rssi, ci) and the Wi-Fi hotspots (6-byte MAC, rssi + 255). On the
-- PC the module names only its serving cell (docs/luat-lib.md §3.21), and the service needs a route to the Internet;
-- `--map bs.openluat.com:12411=IP:PORT` points it at another server that speaks the same protocol.
require "socket"
require "utils"
require "common"
require "misc"
require "net"
module(..., package.seeall)

local TRIES = 3
local MAX_CELLS_PER_AREA = 8

local function cellsField(text)
  local areas = {}
  for mcc, mnc, lac, ci, rssi in (text or ""):gmatch("(%d+)%.(%d+)%.(%d+)%.(%d+)%.(%d+);") do
    mcc, mnc, lac, ci, rssi = tonumber(mcc), tonumber(mnc), tonumber(lac), tonumber(ci), math.min(tonumber(rssi), 31)
    local area
    for _, known in ipairs(areas) do
      if known.mcc == mcc and known.mnc == mnc and known.lac == lac then area = known break end
    end
    if not area then
      area = { mcc = mcc, mnc = mnc, lac = lac, cells = {} }
      areas[#areas + 1] = area
    end
    if #area.cells < MAX_CELLS_PER_AREA then area.cells[#area.cells + 1] = { ci = ci, rssi = rssi } end
  end
  local out = { string.char(#areas) }
  for _, area in ipairs(areas) do
    out[#out + 1] = pack.pack(">HHb", area.lac, area.mcc, area.mnc)
    for i, cell in ipairs(area.cells) do
      -- The first cell of an area carries how many more follow, in the top three bits.
      out[#out + 1] = pack.pack(">bi", (i == 1 and (#area.cells - 1) * 32 or 0) + cell.rssi, cell.ci)
    end
  end
  return table.concat(out)
end

local function wifiField(hotspots)
  local out, count = {}, 0
  for mac, rssi in pairs(hotspots or {}) do
    out[#out + 1] = mac:gsub(":", ""):fromHex() .. string.char(rssi < 0 and rssi + 255 or rssi)
    count = count + 1
  end
  return string.char(count) .. table.concat(out)
end

-- 10 digits → "ddd.ddddddd" (the server sends degrees × 10^7 with 3 integer digits).
local function degrees(digits)
  digits = (digits .. string.rep("0", 10)):sub(1, 10)
  return digits:sub(1, 3) .. "." .. digits:sub(4, 10)
end

local function ask(cbFnc, reqAddr, timeout, productKey, host, port, reqTime, reqWifi)
  while not socket.isReady() do
    if not sys.waitUntil("IP_READY_IND", timeout) then return cbFnc(1) end
  end
  -- The host reads the MUID from the module at start-up; a request made right after power-on waits for it a little.
  local muid = misc.getMuid() or ""
  for _ = 1, 20 do
    if muid ~= "" then break end
    sys.wait(100)
    muid = misc.getMuid() or ""
  end
  local flags = (reqAddr and 2 or 0) + (reqTime and 4 or 0) + 8 + (reqWifi and 16 or 0) + 32
  local request = string.char(#productKey) .. productKey .. string.char(flags)
    .. common.numToBcdNum(misc.getImei()) .. string.char(#muid) .. muid
    .. cellsField(net.getCellInfoExt()) .. wifiField(reqWifi)
  -- Logged without the product key, which binds the device to an openLuat project.
  log.info("lbsLoc.request", (request:sub(2 + #productKey):toHex()))
  local failure
  for _ = 1, TRIES do
    local udp = socket.udp()
    if not udp then return cbFnc(6) end
    if not udp:connect(host, port) then
      failure = 2
    elseif not udp:send(request) then
      failure = 3
    else
      local ok, data = udp:recv(timeout)
      if ok then
        udp:close()
        local kind = data:byte(1)
        if #data >= 11 and (kind == 0 or kind == 0xFF) then
          local addr, timeAt = nil, 12
          if reqAddr then
            addr = data:sub(13, 12 + (data:byte(12) or 0))
            timeAt = 13 + (data:byte(12) or 0)
          end
          return cbFnc(0, degrees(common.bcdNumToNum(data:sub(2, 6))), degrees(common.bcdNumToNum(data:sub(7, 11))),
            addr, data:sub(timeAt), kind)
        end
        log.warn("lbsLoc.request", kind == 2 and "the service refused the product key (PRODUCT_KEY in main.lua)"
          or "the service has no position for these cells")
        return cbFnc(5)
      end
      failure = 4
    end
    udp:close()
  end
  return cbFnc(failure)
end

--- Asks for the position; cbFnc(result, lat, lng, addr, time, locType) is called once (see above).
function request(cbFnc, reqAddr, timeout, productKey, host, port, reqTime, reqWifi)
  assert(_G.PRODUCT_KEY or productKey, "undefine PRODUCT_KEY in main.lua")
  sys.taskInit(ask, cbFnc, reqAddr, timeout or 20000, productKey or _G.PRODUCT_KEY, host or "bs.openluat.com",
    port or "12411", reqTime, reqWifi)
end
