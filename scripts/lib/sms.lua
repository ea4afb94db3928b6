--- sms: short messages in PDU mode (3GPP TS 27.005 / 23.040) over ril, written for LuatHost with the API of Luat's
-- lib/sms.lua: sms.send(num, data, cbFnc[, idx]), sms.setNewSmsCb(cbFnc), sms.read(pos), sms.delete(pos),
-- sms.getsmsstate(), sms.gsm7bitdecode(hex[, longsms]), sms.gsm8bitdecode(hex); it publishes "SMS_READY".
--
-- As in Luat's library: texts are GB2312 both ways (a script passes common.utf8ToGb2312(...) for Chinese) and are sent
-- as UCS2, in parts of 134 octets with a concatenation header past 140; at most 10 messages wait, 3 s apart;
-- cbFnc(result, num, data) reports each; a received message is read, deleted from the SIM and given to the
-- callback as (num, data, datetime) with num's leading 86 cut and datetime "yy/MM/dd,hh:mm:ss+zz" (zz in quarter
-- hours); parts of a long message wait up to 2 minutes for each other.
--
-- Unlike it: set-up does not wait for the module's "SMS READY" line (a module attached to the PC may have printed it
-- long before; the SIM being ready and the network registered are enough, and the line is taken too if it comes);
-- unread messages already on the SIM are read at set-up, not left there; a concatenation header is found by its
-- element id (8- and 16-bit references), GSM 7-bit text is decoded with its fill bits and extension table, and an
-- alphanumeric sender is decoded rather than read as digits.
require "sys"
require "ril"
require "common"
require "utils"
require "sim"
require "net"
module(..., package.seeall)

local MAX_WAITING = 10 -- Luat's SMS_SEND_BUF_MAX_CNT
local SEND_GAP = 3000 -- ms between two messages (Luat's SMS_SEND_INTERVAL)
local MERGE_WAIT = 120000 -- ms the parts of a long message wait for the rest
local PART_OCTETS = 134 -- UCS2 octets in one part of a long message (140 less the 6-octet header)
local WHOLE_OCTETS = 140
-- The concatenation header counts parts in one octet (TS 23.040 §9.2.3.24.1); modules send far fewer (Telit: 10).
local MAX_PARTS = 255

local band, rshift, lshift, bor = bit.band, bit.rshift, bit.lshift, bit.bor
local char, byte, sformat = string.char, string.byte, string.format

local ready, simReady, registered = false, false, false
-- Set-up runs once per registration: "running" while its commands go, "done" after; a lost link (the module may have
-- restarted and forgotten its SMS settings) makes it due again.
local setUpState
local outbox = {} -- { num = , data = , ucs2 = , cb = }
local inflight -- the message whose parts are being sent: { parts = n, answered = k, ok = bool }
local toRead = {} -- SIM slots announced and not read yet
local reading -- the slot being read
local newSmsCb
local reference = 255
local partial = {} -- long messages being put together, by sender, reference and part count

-- GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1) as Unicode code points, septet 0 first; 0x1B escapes to EXTENSION.
local GSM7 = {
  0x40, 0xA3, 0x24, 0xA5, 0xE8, 0xE9, 0xF9, 0xEC, 0xF2, 0xC7, 0x0A, 0xD8, 0xF8, 0x0D, 0xC5, 0xE5,
  0x394, 0x5F, 0x3A6, 0x393, 0x39B, 0x3A9, 0x3A0, 0x3A8, 0x3A3, 0x398, 0x39E, 0x1B, 0xC6, 0xE6, 0xDF, 0xC9,
  0x20, 0x21, 0x22, 0x23, 0xA4, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F,
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
  0xA1, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F,
  0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0xC4, 0xD6, 0xD1, 0xDC, 0xA7,
  0xBF, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
  0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0xE4, 0xF6, 0xF1, 0xFC, 0xE0,
}
local EXTENSION = { [0x0A] = 0x0C, [0x14] = 0x5E, [0x28] = 0x7B, [0x29] = 0x7D, [0x2F] = 0x5C,
  [0x3C] = 0x5B, [0x3D] = 0x7E, [0x3E] = 0x5D, [0x40] = 0x7C, [0x65] = 0x20AC }

local function ucs2(codepoint)
  return char(math.floor(codepoint / 256), codepoint % 256)
end

-- `count` septets from the octets of `s` starting at `first`, after `fill` bits, as UCS2 big-endian text.
local function septetsToUcs2(s, first, count, fill)
  local out, escaped = {}, false
  for i = 0, count - 1 do
    local bitpos = fill + i * 7
    local at = first + math.floor(bitpos / 8)
    local shift = bitpos % 8
    local value = rshift(byte(s, at) or 0, shift)
    if shift > 1 then value = bor(value, lshift(byte(s, at + 1) or 0, 8 - shift)) end
    value = band(value, 0x7F)
    if escaped then
      out[#out + 1] = ucs2(EXTENSION[value] or GSM7[value + 1])
      escaped = false
    elseif value == 0x1B then
      escaped = true
    else
      out[#out + 1] = ucs2(GSM7[value + 1])
    end
  end
  return table.concat(out), #out
end

-- The alphabet a data coding scheme names (TS 23.038 §4): "7", "8" or "ucs2".
local function alphabet(dcs)
  if band(dcs, 0x80) == 0 then
    local bits = band(rshift(dcs, 2), 3)
    return bits == 1 and "8" or bits == 2 and "ucs2" or "7"
  elseif band(dcs, 0xF0) == 0xE0 then
    return "ucs2"
  elseif band(dcs, 0xF0) == 0xF0 then
    return band(dcs, 4) ~= 0 and "8" or "7"
  end
  return "7"
end

-- An SMS-DELIVER PDU (hex, service centre first) → { num, ucs2, datetime, ref, total, seq }, or nil and why.
local function decodeDeliver(hex)
  if not hex or hex == "" or #hex % 2 ~= 0 or hex:find("[^%x]") then return nil, "not a hex PDU" end
  local s = hex:fromHex()
  local ok, result = pcall(function()
    local p = 2 + byte(s, 1)
    local first = byte(s, p); p = p + 1
    if band(first, 3) ~= 0 then error("not an SMS-DELIVER") end
    local length, kind = byte(s, p), byte(s, p + 1)
    local octets = math.floor((length + 1) / 2)
    local num
    if band(kind, 0x70) == 0x50 then
      num = common.ucs2beToGb2312((septetsToUcs2(s, p + 2, math.floor(length * 4 / 7), 0)))
    else
      -- Swapped semi-octets with an F filler (TS 23.040 §9.1.2.3): common's BCD number form.
      num = (band(kind, 0x70) == 0x10 and "+" or "") .. common.bcdNumToNum(s:sub(p + 2, p + 1 + octets))
    end
    p = p + 2 + octets
    local dcs = byte(s, p + 1); p = p + 2
    local t = {}
    for i = 0, 6 do
      local b = byte(s, p + i)
      t[#t + 1] = sformat("%d%d", b % 16, math.floor(b / 16) % 16)
    end
    local zone = byte(s, p + 6)
    local quarters = (zone % 16 % 8) * 10 + math.floor(zone / 16)
    local datetime = sformat("%s/%s/%s,%s:%s:%s%s%02d", t[1], t[2], t[3], t[4], t[5], t[6], zone % 16 >= 8 and "-" or "+", quarters)
    p = p + 7
    local udl = byte(s, p); p = p + 1
    local headerOctets, ref, total, seq = 0
    if band(first, 0x40) ~= 0 then
      local udhl = byte(s, p)
      headerOctets = udhl + 1
      local i = p + 1
      while i < p + headerOctets do
        local id, len = byte(s, i), byte(s, i + 1)
        if id == 0x00 and len == 3 then
          ref, total, seq = byte(s, i + 2), byte(s, i + 3), byte(s, i + 4)
        elseif id == 0x08 and len == 4 then
          ref, total, seq = byte(s, i + 2) * 256 + byte(s, i + 3), byte(s, i + 4), byte(s, i + 5)
        end
        i = i + 2 + len
      end
    end
    local text
    local kindOfText = alphabet(dcs)
    if kindOfText == "7" then
      local headerSeptets = math.ceil(headerOctets * 8 / 7)
      text = septetsToUcs2(s, p + headerOctets, udl - headerSeptets, headerSeptets * 7 - headerOctets * 8)
    else
      local body = s:sub(p + headerOctets, p + udl - 1)
      if kindOfText == "ucs2" then
        text = body
      else
        text = body:gsub(".", function(c) return "\0" .. c end)
      end
    end
    return { num = num, ucs2 = text, datetime = datetime, ref = ref, total = total, seq = seq }
  end)
  if ok then return result end
  return nil, tostring(result)
end

-- Luat cuts a leading 86 (China's country code) from the sender; here only from a full number after it.
local function localNumber(num)
  local rest = num:match("^%+?86(%d+)$")
  if rest and #rest >= 11 then return rest end
  return num
end

local function give(num, ucs2Text, datetime)
  if newSmsCb then newSmsCb(localNumber(num), common.ucs2beToGb2312(ucs2Text), datetime) end
end

local function merge(key)
  local long = partial[key]
  if not long then return end
  partial[key] = nil
  local text = {}
  for i = 1, long.total do text[#text + 1] = long.parts[i] or "" end
  give(long.num, table.concat(text), long.datetime)
end

local function received(message)
  if not message.total or message.total <= 1 then
    give(message.num, message.ucs2, message.datetime)
    return
  end
  local key = message.num .. "/" .. message.ref .. "/" .. message.total
  local long = partial[key]
  if not long then
    long = { num = message.num, total = message.total, parts = {}, count = 0, datetime = message.datetime }
    partial[key] = long
  end
  if not long.parts[message.seq] then
    long.parts[message.seq] = message.ucs2
    long.count = long.count + 1
  end
  if message.seq == 1 then long.datetime = message.datetime end
  if long.count >= long.total then
    sys.timerStop(merge, key)
    merge(key)
  else
    sys.timerStart(merge, MERGE_WAIT, key)
  end
end

local readNext

local function afterRead(pos)
  ril.request("AT+CMGD=" .. pos)
  reading = nil
  readNext()
end

-- Whether slot `pos` is already being read or waits to be.
local function known(pos)
  if reading == pos then return true end
  for _, waiting in ipairs(toRead) do
    if waiting == pos then return true end
  end
  return false
end

readNext = function()
  if reading or #toRead == 0 then return end
  local pos = table.remove(toRead, 1)
  reading = pos
  ril.request("AT+CMGR=" .. pos, nil, function(_, success, _, intermediate)
    local pdu = success and intermediate and intermediate:match("%+CMGR:[^\r\n]*\r\n(%x+)")
    local message, why = decodeDeliver(pdu)
    -- Deleted before the script hears of it, as Luat's readcnf does: a script that stops on a message leaves no copy.
    afterRead(pos)
    if message then
      received(message)
    elseif success then
      log.warn("sms", "message " .. pos .. " not readable:", why)
    end
  end)
end

local function announce(pos)
  pos = tonumber(pos)
  if not pos or pos == 0 or known(pos) then return end
  toRead[#toRead + 1] = pos
  readNext()
end

-- SMS-SUBMIT PDUs (hex) for `ucs2Text`: TP-VP 24 hours (A7); past 140 octets, parts with a concatenation header.
local function submitPdus(num, ucs2Text)
  local international = num:sub(1, 1) == "+"
  local digits = international and num:sub(2) or num
  local address = sformat("%02X%s%s", #digits, international and "91" or "81", (common.numToBcdNum(digits):toHex()))
  if #ucs2Text <= WHOLE_OCTETS then
    return { sformat("001100%s0008A7%02X%s", address, #ucs2Text, ucs2Text:toHex()) }
  end
  local total = math.ceil(#ucs2Text / PART_OCTETS)
  if total > MAX_PARTS then return nil end
  reference = (reference + 1) % 256
  local pdus = {}
  for seq = 1, total do
    local piece = ucs2Text:sub((seq - 1) * PART_OCTETS + 1, seq * PART_OCTETS)
    local header = sformat("050003%02X%02X%02X", reference, total, seq)
    pdus[seq] = sformat("005100%s0008A7%02X%s%s", address, #piece + 6, header, piece:toHex())
  end
  return pdus
end

local sendNext

local function finished(ok)
  inflight = nil
  local message = table.remove(outbox, 1)
  if message and message.cb then message.cb(ok, message.num, message.data) end
  if #outbox > 0 then sys.timerStart(sendNext, SEND_GAP) end
end

sendNext = function()
  if inflight or not ready or #outbox == 0 then return end
  local message = outbox[1]
  local pdus = submitPdus(message.num, message.ucs2)
  if not pdus then
    log.warn("sms", "a text of " .. #message.data .. " bytes needs more than " .. MAX_PARTS .. " messages: not sent")
    return finished(false)
  end
  inflight = { parts = #pdus, answered = 0, ok = true }
  for _, pdu in ipairs(pdus) do
    ril.request(sformat("AT+CMGS=%d", #pdu / 2 - 1), pdu, function(_, success)
      inflight.answered = inflight.answered + 1
      inflight.ok = inflight.ok and success
      if inflight.answered == inflight.parts then finished(inflight.ok) end
    end)
  end
end

--- Sends `data` (GB2312 text) to `num`; cbFnc(result, num, data) tells how it went. Returns true when sending starts
-- now; a message waits (at most 10) while another is sent or the module is not ready.
function send(num, data, cbFnc, idx)
  if type(num) ~= "string" or num == "" or type(data) ~= "string" or data == "" or #outbox >= MAX_WAITING
    or not num:match("^%+?%d+$") then
    if cbFnc then cbFnc(false, num, data) end
    return
  end
  local message = { num = num, data = data, ucs2 = common.gb2312ToUcs2be(data), cb = cbFnc }
  if idx then
    table.insert(outbox, math.max(1, math.min(idx, #outbox + 1)), message)
  else
    table.insert(outbox, message)
  end
  if #outbox == 1 and ready and not inflight then
    sendNext()
    return true
  end
end

--- cbFnc(num, data, datetime) for each message received (data in GB2312).
function setNewSmsCb(cbFnc)
  newSmsCb = cbFnc
end

--- Reads the message in SIM slot `pos` (it goes to the new-message callback, then is deleted).
function read(pos)
  if not ready or not tonumber(pos) or tonumber(pos) == 0 then return false end
  announce(pos)
  return true
end

--- Deletes the message in SIM slot `pos`.
function delete(pos)
  if not ready or not tonumber(pos) or tonumber(pos) == 0 then return false end
  ril.request("AT+CMGD=" .. pos)
  return true
end

function getsmsstate()
  return ready
end

--- GSM 7-bit packed text (hex) → UCS2 big-endian hex and its character count; `longsms` skips the fill bit after a
-- 6-octet concatenation header, as Luat's function does.
function gsm7bitdecode(data, longsms)
  local s = (data or ""):fromHex()
  local fill = longsms and 1 or 0
  local text, count = septetsToUcs2(s, 1, math.floor((#s * 8 - fill) / 7), fill)
  return text:toHex(), count
end

--- 8-bit text (hex) → UCS2 big-endian hex and its length.
function gsm8bitdecode(data)
  local s = (data or ""):fromHex()
  return (s:gsub(".", function(c) return "\0" .. c end)):toHex(), #s
end

-- Messages listed by AT+CMGL: "+CMGL: index,stat,,length" then the PDU line.
local function takeListed(intermediate)
  for pos, pdu in (intermediate or ""):gmatch("%+CMGL:%s*(%d+)[^\r\n]*\r\n(%x+)") do
    if not known(tonumber(pos)) then
      ril.request("AT+CMGD=" .. pos)
      local message = decodeDeliver(pdu)
      if message then received(message) end
    end
  end
end

local function setUp()
  if setUpState or not simReady or not registered then return end
  setUpState = "running"
  ril.request("AT+CMGF=0", nil, function(_, success)
    if not success then
      setUpState = nil
      sys.timerStart(setUp, 5000)
      return
    end
    ril.request('AT+CPMS="SM","SM","SM"')
    ril.request("AT+CNMI=2,1,0,0,0")
    ril.request("AT+CMGD=1,3")
    ril.request("AT+CMGL=0", nil, function(_, _, _, intermediate)
      setUpState = "done"
      takeListed(intermediate)
      if not ready then
        ready = true
        sys.publish("SMS_READY")
      end
      sendNext()
    end)
  end)
end

ril.regUrc("+CMTI", function(line)
  announce(line:match("%+CMTI:%s*\"?%w*\"?,%s*(%d+)"))
end)
ril.regUrc("SMS READY", function()
  simReady = true
  setUp()
end)

sys.subscribe("SIM_IND", function(status)
  if status == "RDY" then
    simReady = true
    setUp()
  end
end)
sys.subscribe("NET_STATE_REGISTERED", function()
  registered = true
  setUp()
end)
sys.subscribe("IP_ERROR_IND", function()
  -- The link is gone, perhaps because the module restarted: its SMS settings are made again once it is back.
  registered = false
  if setUpState == "done" then setUpState = nil end
end)

-- Loaded after the module got ready: set up now.
simReady = sim.getStatus() == true
registered = net.getState() == "REGISTERED"
sys.timerStart(setUp, 10)
