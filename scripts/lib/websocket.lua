--- websocket: a WebSocket client (RFC 6455) over Luat's socket library, written for LuatHost with the API of Luat's
-- lib/websocket.lua (V2.4.0): websocket.new(url[, cert]); ws:on(event, fn) for "open", "message", "sent", "error",
-- "close", "pong"; ws:connect([timeout ms]); ws:send(data[, text]); ws:ping(data); ws:pong(data); ws:sendFrame(fin,
-- opcode, data); ws:recvFrame(); ws:recv(); ws:close([code][, reason]); ws:state(); ws:online(); and
-- ws:start([keepAlive s][, proc][, reconnTime s]) run as a task, which connects, receives and reconnects.
--
-- Frames are cut from the byte stream, so a frame split over several reads, several frames in one read, frames that
-- arrive with the handshake's answer, fragmented messages with control frames between their pieces, and 64-bit
-- lengths all work. The handshake's Sec-WebSocket-Accept is checked, the mask key is random per frame, each
-- ws:send is its own message, and a close from the server is answered and reported with the server's code.
require "utils"
require "socket"
module(..., package.seeall)

local GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" -- RFC 6455 section 1.3
local WAKE = "WEBSOCKET_SEND_DATA" -- published by ws:send/ws:ping so the receiving task sends
local MAX_MESSAGE = 4 * 1024 * 1024 -- a larger frame or message is refused (close code 1009)
local MAX_HEADER = 8192
local CHUNK = 1460

local OP_CONTINUATION, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA

local ws = {}
ws.__index = ws

--- websocket.new(url[, cert]): url is ws://host[:port][/path] or wss://…; cert as for socket.tcp(true, cert).
function new(url, cert)
  return setmetatable({
    url = url, cert = cert, callbacks = {}, queue = {}, input = "", fragments = nil,
    connected = false, terminated = false, readyState = "CONNECTING",
  }, ws)
end

function ws:on(event, callback)
  self.callbacks[event] = callback
end

local function notify(self, event, ...)
  local callback = self.callbacks[event]
  if callback then callback(...) end
end

local function fail(self, where, reason)
  log.error("websocket:" .. where, reason)
  notify(self, "error", reason)
  return false
end

local function randomBytes(n)
  local bytes = {}
  for i = 1, n do bytes[i] = string.char(math.random(0, 255)) end
  return table.concat(bytes)
end

local function base64(s)
  return crypto.base64_encode(s, #s)
end

-- RFC 6455 section 5.3: every payload byte XOR the key byte at the same position modulo 4.
local function mask(key, data)
  local k = { key:byte(1, 4) }
  local out, n = {}, #data
  for i = 1, n, 4 do
    local a, b, c, d = data:byte(i, i + 3)
    if d then
      out[#out + 1] = string.char(a ~ k[1], b ~ k[2], c ~ k[3], d ~ k[4])
    else
      local tail = { a, b, c }
      for j = 1, n - i + 1 do tail[j] = string.char(tail[j] ~ k[j]) end
      out[#out + 1] = table.concat(tail, "", 1, n - i + 1)
    end
  end
  return table.concat(out)
end

local function bigEndian(value, bytes)
  local out = {}
  for i = bytes, 1, -1 do
    out[i] = string.char(value % 256)
    value = (value - value % 256) / 256
  end
  return table.concat(out)
end

-- A socket is closed once: closing it again would wait for an answer its link no longer gives.
local function closeSocket(self)
  if self.io then
    self.io:close()
    self.io = nil
  end
end

local function parseUrl(url)
  local scheme, host, port, path = tostring(url):match("^(%a+)://([^/:?#]+):?(%d*)(.*)$")
  if not scheme then return nil end
  scheme = scheme:lower()
  if scheme ~= "ws" and scheme ~= "wss" then return nil end
  local default = scheme == "wss" and 443 or 80
  port = tonumber(port) or default
  if path == "" or path:sub(1, 1) == "?" then path = "/" .. path end
  return scheme, host, port, path, port == default
end

-- Reads the handshake's answer up to its blank line; bytes after it already belong to the frame stream.
local function readHead(self, timeout)
  local buffer = ""
  while true do
    local finish = buffer:find("\r\n\r\n", 1, true)
    if finish then return buffer:sub(1, finish + 1), buffer:sub(finish + 4) end
    if #buffer > MAX_HEADER then return nil, "the handshake's answer has no end within " .. MAX_HEADER .. " bytes" end
    local ok, data = self.io:recv(timeout)
    if not ok then return nil, "no answer to the handshake (" .. tostring(data) .. ")" end
    buffer = buffer .. data
  end
end

--- ws:connect([timeout]): opens the socket and upgrades it (timeout in ms, default 20000); true once open.
function ws:connect(timeout)
  timeout = tonumber(timeout) or 20000
  local scheme, host, port, path, defaultPort = parseUrl(self.url)
  if not scheme then return fail(self, "connect", "not a ws:// or wss:// address: " .. tostring(self.url)) end
  self.readyState = "CONNECTING"
  self.io = scheme == "wss" and socket.tcp(true, self.cert) or socket.tcp()
  self.input, self.fragments, self.terminated, self.closeCode = "", nil, false, nil
  if not self.io:connect(host, port, math.ceil(timeout / 1000)) then
    closeSocket(self)
    return fail(self, "connect", "cannot connect to " .. host .. ":" .. port)
  end
  local key = base64(randomBytes(16))
  local request = "GET " .. path .. " HTTP/1.1\r\n"
    .. "Host: " .. host .. (defaultPort and "" or ":" .. port) .. "\r\n"
    .. "Upgrade: websocket\r\nConnection: Upgrade\r\n"
    .. "Sec-WebSocket-Key: " .. key .. "\r\nSec-WebSocket-Version: 13\r\n"
    .. "Origin: http://" .. host .. "\r\n\r\n"
  if not self.io:send(request) then
    closeSocket(self)
    return fail(self, "connect", "cannot send the handshake")
  end
  local head, rest = readHead(self, timeout)
  if not head then
    closeSocket(self)
    return fail(self, "connect", rest)
  end
  local status = head:match("^HTTP/%d%.%d (%d%d%d)")
  local headers = {}
  for name, value in head:gmatch("\r\n([^:\r\n]+):[ \t]*([^\r\n]*)") do headers[name:lower()] = value end
  local digest = crypto.sha1(key .. GUID, #key + #GUID):fromHex()
  if status ~= "101" or (headers.upgrade or ""):lower() ~= "websocket"
      or not (headers.connection or ""):lower():find("upgrade", 1, true)
      or headers["sec-websocket-accept"] ~= base64(digest) then
    closeSocket(self)
    return fail(self, "connect", "handshake refused: " .. (head:match("^([^\r\n]*)") or ""))
  end
  self.input = rest
  self.connected, self.readyState = true, "OPEN"
  log.info("websocket:connect", "open", self.url)
  notify(self, "open")
  return true
end

--- ws:sendFrame(fin, opcode, data): one frame, masked as a client's must be (RFC 6455 section 5.3).
function ws:sendFrame(fin, opcode, data)
  if not self.connected then return false end
  data = data or ""
  local n = #data
  local head = string.char((fin and 0x80 or 0) + opcode)
  if n < 126 then
    head = head .. string.char(0x80 + n)
  elseif n < 0x10000 then
    head = head .. string.char(0x80 + 126) .. bigEndian(n, 2)
  else
    head = head .. string.char(0x80 + 127) .. bigEndian(n, 8)
  end
  local key = randomBytes(4)
  local frame = head .. key .. mask(key, data)
  for i = 1, #frame, CHUNK do
    if not self.io:send(frame:sub(i, i + CHUNK - 1)) then return false end
  end
  return true
end

local function enqueue(self, opcode, data)
  self.queue[#self.queue + 1] = { opcode, data or "" }
  sys.publish(WAKE, "send")
end

--- ws:send(data[, text]): queues one message (text frame when text is true, else binary) for the receiving task.
function ws:send(data, text)
  enqueue(self, text and OP_TEXT or OP_BINARY, data)
end

function ws:ping(data)
  enqueue(self, OP_PING, data)
end

function ws:pong(data)
  return self:sendFrame(true, OP_PONG, data)
end

local function flush(self)
  while #self.queue > 0 and self.connected do
    local item = table.remove(self.queue, 1)
    if item[1] == OP_TEXT then log.info("websocket client send:", item[2]:sub(1, 100)) end
    if self:sendFrame(true, item[1], item[2]) and item[1] ~= OP_PING then notify(self, "sent") end
  end
end

-- One frame from the input buffer: (true, fin, opcode, payload), nil when it is not all there yet, or (false, reason, code).
local function takeFrame(self)
  local buffer = self.input
  if #buffer < 2 then return nil end
  local first, second = buffer:byte(1, 2)
  local fin, opcode = first >= 0x80, first % 16
  if first % 0x80 >= 0x10 then return false, "the server set reserved bits (an extension this client did not offer)", 1002 end
  if second >= 0x80 then return false, "the server masked a frame", 1002 end
  local length, at = second % 0x80, 3
  if length == 126 then
    if #buffer < 4 then return nil end
    local hi, lo = buffer:byte(3, 4)
    length, at = hi * 256 + lo, 5
  elseif length == 127 then
    if #buffer < 10 then return nil end
    length = 0
    for _, byte in ipairs({ buffer:byte(3, 10) }) do length = length * 256 + byte end
    at = 11
  end
  if opcode >= 0x8 and (length > 125 or not fin) then return false, "the server sent a broken control frame", 1002 end
  if length > MAX_MESSAGE then return false, "a frame of " .. length .. " bytes is too large", 1009 end
  if #buffer < at + length - 1 then return nil end
  self.input = buffer:sub(at + length)
  return true, fin, opcode, buffer:sub(at, at + length - 1)
end

--- ws:recvFrame(): (true, final, payload) for a piece of a message, (true, true, nil) after a control frame,
-- (false, nil, "WEBSOCKET_OK") when nothing came (timeout, or queued messages were sent), (false, nil, reason).
function ws:recvFrame()
  if not (self.io and self.connected) then return false, nil, "the connection is closed" end
  flush(self)
  while true do
    local ok, fin, opcode, payload = takeFrame(self)
    if ok == false then
      local reason, code = fin, opcode
      self:close(code, reason)
      return false, nil, reason
    end
    if ok then
      if opcode == OP_CLOSE then
        local code = #payload >= 2 and payload:byte(1) * 256 + payload:byte(2) or 1005
        local reason = payload:sub(3)
        self.closeCode = code
        self:sendFrame(true, OP_CLOSE, payload:sub(1, 2)) -- the closing handshake: echo the code
        self.terminated = true
        return false, nil, reason ~= "" and reason or ("closed by the server, code " .. code)
      elseif opcode == OP_PING then
        self:pong(payload)
        return true, true, nil
      elseif opcode == OP_PONG then
        notify(self, "pong", payload)
        return true, true, nil
      elseif opcode <= OP_BINARY then
        return true, fin, payload
      end
      return false, nil, "the server sent an unknown opcode " .. opcode
    end
    local got, data = self.io:recv(60000, WAKE)
    if got then
      self.input = self.input .. data
    elseif data == "timeout" or data == WAKE then
      flush(self)
      return false, nil, "WEBSOCKET_OK"
    else
      return false, nil, "the connection ended (" .. tostring(data) .. ")"
    end
  end
end

--- ws:recv(): (true, message) for one whole message (also given to the "message" callback), or (false, reason);
-- reason "WEBSOCKET_OK" means nothing arrived before the timeout or a queued message was sent.
function ws:recv()
  while true do
    local ok, final, payload = self:recvFrame()
    if not ok then return false, payload end
    if payload then
      self.fragments = self.fragments or {}
      self.fragments[#self.fragments + 1] = payload
      if final then
        local data = table.concat(self.fragments)
        self.fragments = nil
        if #data > MAX_MESSAGE then
          self:close(1009, "message too large")
          return false, "a message of " .. #data .. " bytes is too large"
        end
        notify(self, "message", data)
        return true, data
      end
    end
  end
end

--- ws:close([code][, reason]): sends the close frame (unless the server closed first) and closes the socket.
function ws:close(code, reason)
  if self.readyState == "CLOSED" then return end
  self.readyState = "CLOSING"
  if self.io and self.connected and not self.terminated then
    if code == nil and reason ~= nil then code = 1000 end
    self.terminated = true
    self:sendFrame(true, OP_CLOSE, (code and bigEndian(code, 2) or "") .. (reason or ""))
  end
  closeSocket(self)
  self.readyState, self.connected = "CLOSED", false
  self.input, self.fragments = "", nil
  notify(self, "close", self.closeCode or code or 1001)
end

--- ws:state(): "CONNECTING", "OPEN", "CLOSING" or "CLOSED".
function ws:state()
  return self.readyState
end

--- ws:online(): true while the connection is open.
function ws:online()
  return self.connected
end

--- ws:start([keepAlive][, proc][, reconnTime]) in a task: connect, hand each message to proc, reconnect after
-- reconnTime seconds (default 1) when the connection ends; keepAlive seconds between pings.
function ws:start(keepAlive, proc, reconnTime)
  reconnTime = tonumber(reconnTime) and reconnTime * 1000 or 1000
  if tonumber(keepAlive) then sys.timerLoopStart(self.ping, keepAlive * 1000, self, "heart") end
  while true do
    while not socket.isReady() do sys.wait(1000) end
    if self:connect() then
      while true do
        local ok, message = self:recv()
        if ok then
          if type(proc) == "function" then proc(message) end
        elseif message ~= "WEBSOCKET_OK" then
          log.error("ws recv error", message)
          break
        end
      end
    end
    self:close()
    log.info("websocket:start", "the connection to the websocket server ended")
    sys.wait(reconnTime)
  end
end
