--- utils: Luat's string, table and io extensions (lib/utils.lua semantics).
module(..., package.seeall)

--- Uppercase hex, each byte followed by sep (so a trailing sep); second result = byte count.
function string.toHex(str, separator)
  separator = separator or ""
  return str:gsub("(.)", function(c) return string.format("%02X%s", c:byte(), separator) end)
end

--- Decodes hex text (spaces and punctuation ignored); second result = byte count.
function string.fromHex(hex)
  hex = hex:gsub("[%s%p]", ""):upper()
  return hex:gsub("%x%x", function(pair) return string.char(tonumber(pair, 16)) end)
end

--- Each hex digit becomes one byte of its value ("1A" → "\1\10").
function string.toValue(str)
  return string.fromHex(str:gsub("%x", "0%1"))
end

function string.utf8Len(str)
  local len = 0
  for _ in string.gfind(str, "[%z\1-\127\194-\244][\128-\191]*") do len = len + 1 end
  return len
end

function string.utf8ToTable(str)
  local t = {}
  for c in string.gfind(str, "[%z\1-\127\194-\244][\128-\191]*") do t[#t + 1] = c end
  return t
end

-- Percent-encodes every byte of multi-byte UTF-8 characters and the single bytes outside keepPattern.
local function percentEncode(str, keepPattern)
  local t = string.utf8ToTable(str)
  for i = 1, #t do
    local pattern = #t[i] == 1 and keepPattern or "."
    t[i] = t[i]:gsub(pattern, function(c) return string.format("%%%02X", c:byte()) end)
  end
  return table.concat(t)
end

--- RFC 3986 percent-encoding: keeps letters, digits and _ ~ . -; space is %20.
function string.rawurlEncode(str)
  return percentEncode(str, "[^%w_~%.%-]")
end

--- Form encoding: keeps letters, digits and _ * . -; space is +.
function string.urlEncode(str)
  return (percentEncode(str, "[^%w_%*%.%- ]"):gsub(" ", "+"))
end

function string.formatNumberThousands(num)
  local formatted = tostring(tonumber(num))
  local k
  while true do
    formatted, k = formatted:gsub("^(-?%d+)(%d%d%d)", "%1,%2")
    if k == 0 then break end
  end
  return formatted
end

--- Splits on a plain delimiter; an empty delimiter splits into characters.
function string.split(str, delimiter)
  local t = {}
  if delimiter == nil or delimiter == "" then
    for c in str:gmatch(".") do t[#t + 1] = c end
    return t
  end
  local start = 1
  while true do
    local first, last = str:find(delimiter, start, true)
    if not first then break end
    t[#t + 1] = str:sub(start, first - 1)
    start = last + 1
  end
  t[#t + 1] = str:sub(start)
  return t
end

--- Sum of bytes (1 = one byte, 2 = two bytes, wrapping).
function string.checkSum(str, num)
  assert(type(str) == "string", "The first argument is not a string!")
  local sum = 0
  for i = 1, #str do sum = sum + str:byte(i) end
  if num == 2 then return sum % 0x10000 end
  return sum % 0x100
end

--- Iterates a table in sorted key order.
function table.gsort(t, f)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, f)
  local i = 0
  return function()
    i = i + 1
    if keys[i] ~= nil then return keys[i], t[keys[i]] end
  end
end

--- Concatenates nested tables of strings depth-first.
function table.rconcat(l)
  if type(l) ~= "table" then return l end
  local parts = {}
  for i = 1, #l do parts[i] = table.rconcat(l[i]) end
  return table.concat(parts)
end

function io.exists(path)
  local f = io.open(path, "rb")
  if f then
    f:close()
    return true
  end
  return false
end

function io.readFile(path)
  local f = io.open(path, "rb")
  if f then
    local s = f:read("*a")
    f:close()
    return s
  end
end

function io.writeFile(path, content, mode)
  local f = io.open(path, mode or "w+b")
  if f then
    f:write(content)
    f:close()
    return true
  end
  return false
end

--- Splits a path at the last "/"; the extension starts at the filename's FIRST dot, as in Luat's
-- lib ("a.tar.gz" → basename "a", extname ".tar.gz"; ".cfg" → basename "", extname ".cfg").
function io.pathInfo(path)
  local dirname, filename = path:match("^(.-)([^/]*)$")
  local dot = filename:find(".", 1, true) or #filename + 1
  return { dirname = dirname, filename = filename, basename = filename:sub(1, dot - 1), extname = filename:sub(dot) }
end

function io.fileSize(path)
  local f = io.open(path, "rb")
  if not f then return 0 end
  local size = f:seek("end")
  f:close()
  return size or 0
end

function io.readStream(path, offset, len)
  local f = io.open(path, "rb")
  if not f then return end
  f:seek("set", offset or 0)
  local s = f:read(len or "*a")
  f:close()
  return s
end
