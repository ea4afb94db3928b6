--- wifiScan: the access points around the module (for locating by Wi-Fi with lbsLoc), written for LuatHost with the
-- API of Luat's lib/wifiScan.lua: wifiScan.request(cbFnc[, timeout ms = 10000]); cbFnc(true, count, {["aa:bb:…"] =
-- rssi, …}) when access points were heard, cbFnc(false, 0) when none were, cbFnc(false) when the core did not answer
-- in time. The core's scanner answers with MSG_WIFI {cnt, info = "mac,rssi,channel;…"}.
--
-- On the PC the module's scanner cannot be reached (no AT command drives it): every scan hears nothing.
require "sys"
module(..., package.seeall)

local pending

local function timedOut()
  local cb = pending
  pending = nil
  if cb then cb(false) end
end

--- Starts a scan; see the top of this file.
function request(cbFnc, timeout)
  pending = cbFnc
  sys.timerStart(timedOut, timeout or 10000)
  wifi.getinfo()
end

-- "9a0074bdb0e8,183,2;" → { ["9a:00:74:bd:b0:e8"] = 183 }: a MAC the core printed without its leading zeros is padded back.
local function accessPoints(info)
  local found, count = {}, 0
  for mac, rssi in (info or ""):gmatch("([^,;]*),([^,;]*),[^;]*;") do
    mac = string.rep("0", 12 - #mac) .. mac
    found[mac:gsub("(%x%x)", "%1:"):sub(1, -2)] = tonumber(rssi)
    count = count + 1
  end
  return count, found
end

rtos.on(rtos.MSG_WIFI, function(msg)
  local cb = pending
  if not cb then return end
  pending = nil
  sys.timerStop(timedOut)
  if msg.cnt == 0 then
    cb(false, 0)
  else
    cb(true, accessPoints(msg.info))
  end
end)
