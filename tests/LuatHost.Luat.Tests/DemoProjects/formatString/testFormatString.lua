--- Number and string formatting as Luat scripts do it (demo/formatString's kinds of calls).
module(..., package.seeall)

local function toHex(s)
  return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end))
end

local function numbers()
  local csq, vbat, temp = 24, 3842, 365
  log.info("testFormatString.number", "rssi=" .. (csq * 2 - 113), "vbat=" .. vbat / 1000 .. "V", "temp=" .. temp / 10)
  log.info("testFormatString.format", string.format("%d|%5.2f|%-6s|%x|%X|%o", 3.7, 3.14159, "ab", 255, 255, 8))
  log.info("testFormatString.tostring", tostring(4 / 2), tostring(2 ^ 31), tostring(1 / 3), 10 / 4, -0.0)
  log.info("testFormatString.big", 2 ^ 53, 1e15, 123456789 * 1000, 0xFFFFFFFF + 1)
  local t = {}
  for i = 1, 5 do t[#t + 1] = i * 1.5 end
  log.info("testFormatString.concat", table.concat(t, ","), #t .. " items")
end

local function strings()
  local s = "Luat,2.0.0,AIR724"
  local fields = {}
  for f in s:gmatch("[^,]+") do fields[#fields + 1] = f end
  log.info("testFormatString.split", #fields, fields[1], fields[3])
  log.info("testFormatString.hex", toHex("\1\2\255AB"), string.rep("ab", 3, ","))
  log.info("testFormatString.gsub", ("abc"):gsub("b", "%d"), ("a.b.c"):gsub("%.", "/"))
  log.info("testFormatString.upper", ("mixed Case"):upper(), ("%5s|%-5s|"):format("r", "l"))
  log.info("testFormatString.time", string.format("%02d:%02d:%02d", 3725 / 3600, 3725 % 3600 / 60, 3725 % 60))
end

sys.timerStart(function()
  numbers()
  strings()
end, 50)
