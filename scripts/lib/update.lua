--- update: openLuat's remote upgrade service (iot.openluat.com), written for LuatHost with the API of Luat's
-- lib/update.lua. update.request([cbFnc][, url][, period ms][, redir]) asks the service for this project's package:
-- GET <url or iot.openluat.com/api/site/firmware_upgrade>?project_key=<PRODUCT_KEY>&imei=<IMEI>&firmware_name=
-- <PROJECT>_<core name>&core_version=<n>&dfota=1&version=<VERSION>[&need_oss_url=1], with "Range: bytes=<done>-". A
-- 200/206 answer is the package, handed to rtos.fota_process as it arrives (LIB_UPDATE_OTA_DOWNLOAD_BEGIN, then
-- LIB_UPDATE_OTA_DOWNLOAD_END(ok)); then cbFnc(true), or, without cbFnc, sys.restart("UPDATE_DOWNLOAD_SUCCESS"). A
-- redirect is followed; the service's "code" 43 (package being made) waits 30 s and asks again; any other answer is
-- cbFnc(false), the service's "msg" logged; a request that fails is tried again, up to 30 times. With period, it asks
-- again every period ms. update.setGetImeiCbFnc(fn) supplies another IMEI.
--
-- On the PC rtos.fota_* take the package and keep nothing: there is no firmware to replace, and the restart starts the
-- same project again. Unlike Luat's: a project without PRODUCT_KEY gets a Lua error that names it (Luat's fails on
-- concatenating nil), the request is logged without the project key, and a package rtos.fota_process refuses, or one
-- that arrived only in part and cannot be resumed in 30 tries, ends with cbFnc(false) (Luat's takes any 200 for done).
require "misc"
require "http"
require "log"
require "common"
module(..., package.seeall)

local DEFAULT_URL = "iot.openluat.com/api/site/firmware_upgrade"
local MAX_TRIES = 30

local running, onDone, baseUrl, period, redirect, location, started, imeiOf
-- Package bytes already handed to rtos.fota_process: a retry asks for the rest (Range), as Luat's does.
local processed = 0

-- The firmware name the service keys packages by: PROJECT and the core's name without its version
-- ("Luat_V0037_RDA8910_FLOAT" → "Luat" .. "_RDA8910_FLOAT").
local function query()
  if type(_G.PRODUCT_KEY) ~= "string" then
    error("update: set PRODUCT_KEY (the project key of iot.openluat.com) before update.request", 0)
  end
  local core = rtos.get_version()
  local name1, name2 = core:match("(.-)_V%d+(_.+)")
  local coreVersion = tonumber(core:match(".-_V(%d+)"))
  local rest = "&imei=" .. (imeiOf and imeiOf() or misc.getImei())
    .. "&firmware_name=" .. tostring(_G.PROJECT) .. "_" .. tostring(name1) .. tostring(name2)
    .. "&core_version=" .. tostring(coreVersion) .. "&dfota=1&version=" .. tostring(_G.VERSION)
    .. (redirect and "&need_oss_url=1" or "")
  return "?project_key=" .. _G.PRODUCT_KEY .. rest, "?project_key=…" .. rest
end

-- One request: its result, status and head, and the service's error code if it sent one. A package that arrived
-- only in part counts as a failed request, to be resumed.
local function fetch()
  local total, failed, code = nil, false, nil
  local url, shown
  if location then
    url, shown = location, location
  else
    local q, qShown = query()
    url, shown = (baseUrl or DEFAULT_URL) .. q, (baseUrl or DEFAULT_URL) .. qShown
  end
  log.info("update.request", shown, "from byte", processed)
  http.request("GET", url, nil, { Range = "bytes=" .. processed .. "-" }, nil, 60000, function(result, status, head)
    sys.publish("LIB_UPDATE_HTTP_DONE", result, status, head)
  end, function(data, length, status)
    if not data or not length then return end
    if status == "200" or status == "206" then
      if failed then return end
      if processed == 0 and total == nil then sys.publish("LIB_UPDATE_OTA_DOWNLOAD_BEGIN") end
      total = length
      local piece = processed + #data > length and data:sub(1, length - processed) or data
      if rtos.fota_process(piece, length) ~= 0 then
        failed = true
        sys.publish("LIB_UPDATE_OTA_DOWNLOAD_END", false)
        return
      end
      processed = processed + #piece
      if processed >= length then sys.publish("LIB_UPDATE_OTA_DOWNLOAD_END", true) end
    elseif status:sub(1, 1) ~= "3" and #data == length and length > 0 and length <= 200 then
      local msg = data:match('"msg":%s*"(.-)"')
      if msg then log.warn("update.error", common.ucs2beToUtf8((msg:gsub("\\u", "")):fromHex())) end
      code = data:match('"code":%s*(%d+)')
    end
  end)
  local _, result, status, head = sys.waitUntil("LIB_UPDATE_HTTP_DONE")
  if result and total and processed < total and not failed then result = false end
  return result, status, head, code, failed
end

local function run()
  running = true
  while not socket.isReady() do sys.waitUntil("IP_READY_IND") end
  while true do
    local tries = 0
    processed = 0
    while started do
      local result, status, head, code, refused = fetch()
      log.info("update.answer", result, status, code)
      if result then
        if (status == "200" or status == "206") and not refused then
          rtos.fota_end()
          location = nil
          if onDone then onDone(true) else sys.restart("UPDATE_DOWNLOAD_SUCCESS") end
          break
        elseif status:sub(1, 1) == "3" and head and head.Location then
          -- A Location without scheme and host (RFC 9110 allows it) is on the same server; Luat's takes it as it is.
          local current = location or (baseUrl or DEFAULT_URL)
          location = head.Location:sub(1, 1) == "/" and ((current:match("^%a+://[^/]+") or current:match("^[^/]+")) .. head.Location)
            or head.Location
          sys.wait(2000)
        elseif code == "43" then
          log.info("update", "the service is still making the package")
          sys.wait(30000)
        else
          rtos.fota_end()
          location = nil
          if onDone then onDone(false) end
          break
        end
      else
        tries = tries + 1
        if tries == MAX_TRIES then
          rtos.fota_end()
          location = nil
          if onDone then onDone(false) end
          break
        end
      end
    end
    if not period then break end
    sys.wait(period)
    started = rtos.fota_start() == 0
    if not started then log.error("update.request", "fota_start failed") end
  end
  running = false
end

--- Asks the upgrade service for a package; see the top of this file.
function request(cbFnc, url, periodMs, redir)
  if rtos.fota_start() ~= 0 then
    log.error("update.request", "fota_start failed")
    started = false
    return
  end
  started = true
  onDone, baseUrl, period, redirect = cbFnc or onDone, url or baseUrl, periodMs or period, redirect or redir
  if not running then sys.taskInit(run) end
end

--- fn() gives the IMEI the service is asked with (the module's otherwise).
function setGetImeiCbFnc(fn) imeiOf = fn end
