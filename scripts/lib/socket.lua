--- socket: TCP/UDP/TLS clients over the module's links, with the API, returns and messages of Luat's lib/socket.lua
-- (openLuat/Luat_4G_RDA_8910, script_LuaTask/lib/socket.lua). The links are the module's (AT+CIPSTART=n,...),
-- reached through socketcore; what socketcore reports arrives in onEvent below.
require "link"
require "utils"
module(..., package.seeall)

local sockets = {}
-- Luat hands the core at most this much per send.
local SENDSIZE = 11200
local socketsConnected = 0

isReady = link.isReady

--- A module link came up or went down: SOCKET_ACTIVE tells whether any is connected. Also called by mqtt, whose
-- client holds a link of its own (on the module Luat's mqtt runs over a socket, so its link counts the same).
function _linkActive(up)
  if up then
    socketsConnected = socketsConnected + 1
  elseif socketsConnected > 0 then
    socketsConnected = socketsConnected - 1
  end
  sys.publish("SOCKET_ACTIVE", socketsConnected > 0)
end

local function errorInd(error)
  local suspended = {}
  for _, c in pairs(sockets) do
    c.error = error
    if c.co and coroutine.status(c.co) == "suspended" then table.insert(suspended, c.co) end
  end
  for _, co in pairs(suspended) do
    if coroutine.status(co) == "suspended" then coroutine.resume(co, false, error) end
  end
end

sys.subscribe("IP_ERROR_IND", function() errorInd("IP_ERROR_IND") end)

local mt = {}
mt.__index = mt

local function new(protocol, cert)
  local co = coroutine.running()
  if not co then
    log.warn("socket.socket: socket must be called in coroutine")
    return nil
  end
  return setmetatable({
    id = nil, protocol = protocol, ssl = protocol:match("SSL"), cert = cert, co = co,
    input = {}, output = {}, wait = "", connected = false, iSubscribe = false, subMessage = nil, rcvProcFnc = nil,
  }, mt)
end

--- Host helper (not Luat API; mqtt and http use it too): as Luat, cert.caCert names a file (relative = under /lua/);
-- its text is the only CA the module trusts for the link. nil without one (or when the file cannot be read).
function _caText(cert)
  if type(cert) ~= "table" or not cert.caCert then return nil end
  local path = cert.caCert:sub(1, 1) == "/" and cert.caCert or "/lua/" .. cert.caCert
  local text = io.readFile(path)
  if not text then log.error("socket", "cannot read caCert", path) end
  return text
end

function tcp(ssl, cert)
  return new("TCP" .. (ssl == true and "SSL" or ""), ssl == true and cert or nil)
end

function udp()
  return new("UDP")
end

function mt:connect(address, port, timeout)
  assert(self.co == coroutine.running(), "socket:connect: coroutine mismatch")
  if not link.isReady() then
    log.info("socket.connect: ip not ready")
    return false
  end
  self.address, self.port = address, port
  local kind = self.protocol == "TCP" and 0 or self.protocol == "TCPSSL" and 2 or 1
  self.id = socketcore.sock_conn(kind, address, tonumber(port), kind == 2 and _caText(self.cert) or nil)
  if not self.id then
    log.info("socket:connect: core sock conn error", self.protocol, address, port, self.cert)
    return false
  end
  log.info("socket:connect-coreid,prot,addr,port,cert,timeout", self.id, self.protocol, address, port, self.cert, timeout or 120)
  sockets[self.id] = self
  self.wait = "SOCKET_CONNECT"
  self.timerId = sys.timerStart(coroutine.resume, (timeout or 120) * 1000, self.co, false, "TIMEOUT")
  local result, reason = coroutine.yield()
  if self.timerId and reason ~= "TIMEOUT" then sys.timerStop(self.timerId) end
  if not result then
    log.info("socket:connect: connect fail", reason)
    sys.publish("LIB_SOCKET_CONNECT_FAIL_IND", self.ssl, self.protocol, address, port)
    return false
  end
  log.info("socket:connect: connect ok")
  if not self.connected then
    self.connected = true
    _linkActive(true)
  end
  return true, self.id
end

function mt:asyncSelect(keepAlive, pingreq)
  assert(self.co == coroutine.running(), "socket:asyncSelect: coroutine mismatch")
  if self.error then
    log.warn("socket.client:asyncSelect", "error", self.error)
    return false
  end
  self.wait = "SOCKET_SEND"
  while #self.output ~= 0 do
    local data = table.concat(self.output)
    self.output = {}
    for i = 1, #data, SENDSIZE do
      socketcore.sock_send(self.id, data:sub(i, i + SENDSIZE - 1))
      if self.timeout then
        self.timerId = sys.timerStart(coroutine.resume, self.timeout * 1000, self.co, false, "TIMEOUT")
      end
      local result, reason = coroutine.yield()
      if self.timerId and reason ~= "TIMEOUT" then sys.timerStop(self.timerId) end
      sys.publish("SOCKET_ASYNC_SEND", result)
      if not result then
        sys.publish("LIB_SOCKET_SEND_FAIL_IND", self.ssl, self.protocol, self.address, self.port)
        return false
      end
    end
  end
  self.wait = "SOCKET_WAIT"
  sys.publish("SOCKET_SEND", self.id)
  if keepAlive and keepAlive ~= 0 then
    if type(pingreq) == "function" then
      sys.timerStart(pingreq, keepAlive * 1000)
    else
      sys.timerStart(self.asyncSend, keepAlive * 1000, self, pingreq or "\0")
    end
  end
  return coroutine.yield()
end

function mt:getAsyncSend()
  if self.error then return 0 end
  return #self.output
end

function mt:asyncSend(data, timeout)
  if self.error then
    log.warn("socket.client:asyncSend", "error", self.error)
    return false
  end
  self.timeout = timeout
  table.insert(self.output, data or "")
  if self.wait == "SOCKET_WAIT" then coroutine.resume(self.co, true) end
  return true
end

function mt:asyncRecv()
  if #self.input == 0 then return "" end
  if self.protocol == "UDP" then return table.remove(self.input) end
  local s = table.concat(self.input)
  self.input = {}
  return s
end

function mt:send(data, timeout)
  assert(self.co == coroutine.running(), "socket:send: coroutine mismatch")
  if self.error then
    log.warn("socket.client:send", "error", self.error)
    return false
  end
  for i = 1, #(data or ""), SENDSIZE do
    self.wait = "SOCKET_SEND"
    socketcore.sock_send(self.id, data:sub(i, i + SENDSIZE - 1))
    self.timerId = sys.timerStart(coroutine.resume, (timeout or 120) * 1000, self.co, false, "TIMEOUT")
    local result, reason = coroutine.yield()
    if self.timerId and reason ~= "TIMEOUT" then sys.timerStop(self.timerId) end
    if not result then
      log.info("socket:send", "send fail", reason)
      sys.publish("LIB_SOCKET_SEND_FAIL_IND", self.ssl, self.protocol, self.address, self.port)
      return false
    end
  end
  return true
end

function mt:recv(timeout, msg, msgNoResume)
  assert(self.co == coroutine.running(), "socket:recv: coroutine mismatch")
  if self.error then
    log.warn("socket.client:recv", "error", self.error)
    return false
  end
  self.msgNoResume = msgNoResume
  if msg and not self.iSubscribe then
    self.iSubscribe = msg
    self.subMessage = function(data)
      if self.wait == "+RECEIVE" and not self.msgNoResume then
        if data then table.insert(self.output, data) end
        coroutine.resume(self.co, 0xAA)
      end
    end
    sys.subscribe(msg, self.subMessage)
  end
  if msg and #self.output > 0 then sys.publish(msg, false) end
  if #self.input == 0 then
    self.wait = "+RECEIVE"
    local r, s
    if timeout and timeout > 0 then
      r, s = sys.wait(timeout)
      if r == nil then return false, "timeout" end
    else
      r, s = coroutine.yield()
    end
    if r == 0xAA then
      local dat = table.concat(self.output)
      self.output = {}
      return false, msg, dat
    end
    return r, s
  end
  if self.protocol == "UDP" then return true, table.remove(self.input, 1) end
  local s = table.concat(self.input)
  self.input = {}
  return true, s
end

function mt:close()
  assert(self.co == coroutine.running(), "socket:close: coroutine mismatch")
  if self.iSubscribe then
    sys.unsubscribe(self.iSubscribe, self.subMessage)
    self.iSubscribe = false
  end
  log.info("socket:sock_close", self.id)
  if self.id then
    socketcore.sock_close(self.id)
    self.wait = "SOCKET_CLOSE"
    while true do
      local _, reason = coroutine.yield()
      if reason == "RESPONSE" then break end
    end
  end
  if self.connected then
    self.connected = false
    _linkActive(false)
  end
  if self.id ~= nil then sockets[self.id] = nil end
end

function mt:setRcvProc(rcvCbFnc)
  assert(self.co == coroutine.running(), "socket:setRcvProc: coroutine mismatch")
  self.rcvProcFnc = rcvCbFnc
end

local waits = { conn = "SOCKET_CONNECT", send = "SOCKET_SEND", close = "SOCKET_CLOSE" }

local function onEvent(kind, id, result, data)
  local c = sockets[id]
  if not c then
    log.warn("socket event on nil socket", id, kind, result)
    return
  end
  if waits[kind] then
    if c.wait ~= waits[kind] then
      log.warn("response on invalid wait", id, c.wait, waits[kind])
      return
    end
    coroutine.resume(c.co, result == 0, "RESPONSE")
  elseif kind == "closeind" then
    if c.connected then
      c.connected = false
      _linkActive(false)
    end
    c.error = "CLOSED"
    sys.publish("LIB_SOCKET_CLOSE_IND", c.ssl, c.protocol, c.address, c.port)
    if coroutine.status(c.co) == "suspended" then coroutine.resume(c.co, false, "CLOSED") end
  elseif kind == "recv" then
    if c.rcvProcFnc then
      c.rcvProcFnc(function() return data end, id, #data)
    elseif c.wait == "+RECEIVE" then
      c.wait = ""
      coroutine.resume(c.co, true, data)
    else
      -- Luat stops reading from the core past INDEX_MAX chunks; the host has room, so nothing is held back.
      table.insert(c.input, data)
      sys.publish("SOCKET_RECV", id)
    end
  end
end

socketcore._onEvent(onEvent)

function setTcpResendPara(retryCnt, retryMaxTimeout) end
function setDnsParsePara(retryCnt, retryTimeoutMulti) end
function setLowPower(tm) end

function printStatus()
  for _, client in pairs(sockets) do
    for k, v in pairs(client) do log.info("socket.printStatus", "client", client.id, k, v) end
  end
end
