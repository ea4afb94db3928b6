--- common: encoding conversions (through the iconv module), number/BCD helpers and time-zone
-- conversion, with the names and results of Luat's lib/common.lua (written for LuatHost).
module(..., package.seeall)

local function convert(to, from, s)
  return iconv.open(to, from):iconv(s)
end

--- "0031003200330034" (UCS-2 hex of ASCII text) → "1234".
function ucs2ToAscii(hex)
  local bytes = {}
  for i = 1, #hex, 4 do
    bytes[#bytes + 1] = tonumber(hex:sub(i, i + 3), 16) % 256
  end
  return string.char(unpack(bytes))
end

--- "+1234" → "002B0031003200330034" (digits and + only).
function nstrToUcs2Hex(s)
  local out = {}
  for i = 1, #s do
    local c = s:sub(i, i)
    out[#out + 1] = c == "+" and "002B" or ("003" .. c)
  end
  return table.concat(out)
end

--- "8618126324567" → the BCD bytes 68 81 21 36 42 65 F7, padded with 0xFF to destLen bytes.
function numToBcdNum(s, destLen)
  s = s or ""
  destLen = destLen or (#s + 1) / 2
  local bytes = {}
  for i = 1, #s, 2 do
    local pair = tonumber(s:sub(i, i + 1), 16)
    if i == #s then
      bytes[#bytes + 1] = 0xF0 + pair
    else
      bytes[#bytes + 1] = (pair % 0x10) * 0x10 + math.floor(pair / 0x10)
    end
  end
  local out = string.char(unpack(bytes))
  if #out < destLen then
    out = out .. string.rep("\255", destLen - #out)
  elseif #out > destLen then
    out = out:sub(1, destLen)
  end
  return out
end

--- BCD bytes → the digits, up to the first 0xF nibble.
function bcdNumToNum(bcd)
  local digits = {}
  for i = 1, #bcd do
    local b = bcd:byte(i)
    local low, high = b % 16, math.floor(b / 16)
    if low == 0x0F then break end
    digits[#digits + 1] = low
    if high == 0x0F then break end
    digits[#digits + 1] = high
  end
  return table.concat(digits)
end

function ucs2ToGb2312(s) return convert("gb2312", "ucs2", s) end
function gb2312ToUcs2(s) return convert("ucs2", "gb2312", s) end
function ucs2beToGb2312(s) return convert("gb2312", "ucs2be", s) end
function gb2312ToUcs2be(s) return convert("ucs2be", "gb2312", s) end
function ucs2ToUtf8(s) return convert("utf8", "ucs2", s) end
function utf8ToUcs2(s) return convert("ucs2", "utf8", s) end
function ucs2beToUtf8(s) return convert("utf8", "ucs2be", s) end
function utf8ToUcs2be(s) return convert("ucs2be", "utf8", s) end
function utf8ToGb2312(s) return convert("gb2312", "ucs2", convert("ucs2", "utf8", s)) end
function gb2312ToUtf8(s) return convert("utf8", "ucs2", convert("ucs2", "gb2312", s)) end

local function daysIn(month, year)
  if month == 2 then
    local y = year + 2000 -- Luat's years are counted from 2000 here, as the module's clock gives them
    if (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0 then return 29 end
    return 28
  end
  if month == 4 or month == 6 or month == 9 or month == 11 then return 30 end
  return 31
end

--- The same moment in another time zone (whole hours; zone difference -24..22, as Luat's):
-- common.timeZoneConvert(2018,1,1,18,0,0,0,8) → {year=2018,month=1,day=2,hour=2,min=0,sec=0}.
function timeZoneConvert(y, m, d, hh, mm, ss, srcZone, dstZone)
  if not (y and m and d and hh and mm and ss) then return {} end
  local zone = dstZone - srcZone
  if zone >= 23 or zone < -24 then return {} end
  hh = hh + zone
  if hh >= 24 then
    hh, d = hh - 24, d + 1
    if d > daysIn(m, y) then
      d, m = 1, m + 1
      if m > 12 then m, y = 1, y + 1 end
    end
  elseif hh < 0 then
    hh, d = hh + 24, d - 1
    if d < 1 then
      m = m - 1
      if m < 1 then m, y = 12, y - 1 end
      d = daysIn(m, y)
    end
  end
  return { year = y, month = m, day = d, hour = hh, min = mm, sec = ss }
end
