--- mqtt: the MQTT client API of Luat's lib/mqtt.lua (openLuat/Luat_4G_RDA_8910, script_LuaTask/lib/mqtt.lua) — the
-- same calls, defaults and return values. On the device that file encodes MQTT in Lua over socket; here the packets
-- are MQTTnet's (mqttcore), over one of the module's socket links all the same. Every call yields the calling task
-- until the host reports the result, so call them inside a task (sys.taskInit), as on the device.
require "log"
require "socket"
require "utils"
module(..., package.seeall)

-- The packet type Luat's received packet tables carry in `id`.
local PUBLISH = 3

local clients = {}   -- mqttcore handle -> client
local pending = {}   -- operation id -> { co, done, result }
local RESULT = {}    -- a resume that carries news for the task (an operation ended, a message came)
local WAKE = {}      -- a resume by receive()'s wake-up message

-- Waits for operation op; only its own result ends the wait (a stray resume of the task is ignored).
local function await(op)
  local co = coroutine.running()
  if not co then error("mqtt: call the client's methods inside a task (sys.taskInit), as on the device", 3) end
  local slot = { co = co }
  pending[op] = slot
  while not slot.done do coroutine.yield() end
  return slot.result
end

local function flag(v, default)
  if v == nil then return default end
  return (v == true or (type(v) == "number" and v ~= 0)) and 1 or 0
end

local mqttc = {}
mqttc.__index = mqttc

--- Creates a client (not connected yet). Defaults as Luat's: keepAlive 300 s, "" user and password, clean session,
-- MQTT "3.1.1" ("3.1" for MQIsdp); will = {qos=, retain=, topic=, payload=}.
function client(clientId, keepAlive, username, password, cleanSession, will, version)
  local o = setmetatable({
    clientId = clientId,
    keepAlive = keepAlive or 300,
    username = username or "",
    password = password or "",
    cleanSession = flag(cleanSession, 1),
    will = will,
    version = version or "3.1.1",
    commandTimeout = 60000,
    connected = false,
    inbox = {},
  }, mqttc)
  o.handle = mqttcore.client(tostring(clientId), o.keepAlive, o.username, o.password, o.cleanSession,
    will and (will.topic or "") or nil, will and (will.payload or "") or nil, will and (will.qos or 0) or 0,
    will and flag(will.retain, 0) or 0, o.version)
  clients[o.handle] = o
  return o
end

--- Connects: true; false when the link could not be opened; false, rc when the broker refused (CONNACK rc, 4 = bad
-- user name or password). transport "tcp" (default) or "tcp_ssl"; timeout in seconds for the link.
function mqttc:connect(host, port, transport, cert, timeout)
  if self.connected then
    log.info("mqtt.client:connect", "has connected")
    return false
  end
  if transport and transport ~= "tcp" and transport ~= "tcp_ssl" then
    log.info("mqtt.client:connect", "invalid transport", transport)
    return false
  end
  if not socket.isReady() then
    log.info("mqtt.client:connect", "ip not ready")
    return false
  end
  self.inbox, self.closed, self.wakePending, self.wakeData = {}, nil, nil, nil
  local rc = await(mqttcore.connect(self.handle, host, tonumber(port), transport == "tcp_ssl" or type(cert) == "table", timeout or 120,
    socket._caText(cert)))
  if rc == 0 then
    self.connected, self.linkHeld = true, true
    socket._linkActive(true)
    return true
  end
  if rc > 0 then
    log.info("mqtt.client:connect", "connack error", rc)
    return false, rc
  end
  log.info("mqtt.client:connect", "connect host fail")
  -- What Luat's socket:connect publishes when the link under its mqtt client cannot be opened: that socket's own
  -- ssl ("SSL" or nil) and protocol ("TCPSSL" or "TCP") fields, as socket.lua sets them.
  local ssl = transport == "tcp_ssl" or type(cert) == "table"
  sys.publish("LIB_SOCKET_CONNECT_FAIL_IND", ssl and "SSL" or nil, ssl and "TCPSSL" or "TCP", host, port)
  return false
end

--- Subscribes one topic (topic, qos=0) or several ({[topic] = qos, …}); true once SUBACK grants them all.
function mqttc:subscribe(topic, qos)
  if not self.connected then
    log.info("mqtt.client:subscribe", "not connected")
    return false
  end
  local args = {}
  if type(topic) == "string" then
    args = { topic, qos or 0 }
  else
    for t, q in pairs(topic) do
      args[#args + 1] = t
      args[#args + 1] = q
    end
  end
  if await(mqttcore.subscribe(self.handle, unpack(args))) ~= 1 then
    log.info("mqtt.client:subscribe", "suback error or timeout")
    return false
  end
  return true
end

--- Unsubscribes one topic or a list of topics; true once UNSUBACK came.
function mqttc:unsubscribe(topic)
  if not self.connected then
    log.info("mqtt.client:unsubscribe", "not connected")
    return false
  end
  local topics = type(topic) == "string" and { topic } or topic
  if await(mqttcore.unsubscribe(self.handle, unpack(topics))) ~= 1 then
    log.info("mqtt.client:unsubscribe", "wait ack failed")
    return false
  end
  return true
end

--- Publishes payload (bytes as given) with qos 0/1/2 and retain 0/1; QoS 1 returns after PUBACK, QoS 2 after PUBCOMP.
function mqttc:publish(topic, payload, qos, retain)
  if not self.connected then
    log.info("mqtt.client:publish", "not connected")
    return false
  end
  if await(mqttcore.publish(self.handle, topic, payload or "", qos or 0, flag(retain, 0))) ~= 1 then
    log.warn("mqtt.client:publish", "send failed or no ack")
    return false
  end
  return true
end

-- receive()'s wake-up message: resumes the waiting receive, or is kept for the next one so none is lost.
local function wakeHandler(self)
  return function(data)
    local co = self.receiver
    if co then
      self.receiver = nil
      coroutine.resume(co, WAKE, data)
    else
      self.wakePending, self.wakeData = true, data
    end
  end
end

--- Waits up to timeout ms for a message: true, packet ({id=3, topic=, payload=, qos=, retain=, dup=, packetId=});
-- false, "timeout"; false, msg, data when sys.publish(msg, data) woke it; false, "CLOSED" when the session ended.
function mqttc:receive(timeout, msg)
  if not self.connected then
    log.info("mqtt.client:receive", "not connected")
    return false
  end
  if msg and self.wakeMsg ~= msg then
    if self.wakeMsg then sys.unsubscribe(self.wakeMsg, self.onWake) end
    self.wakeMsg, self.onWake = msg, wakeHandler(self)
    sys.subscribe(msg, self.onWake)
  end
  if #self.inbox > 0 then return true, table.remove(self.inbox, 1) end
  if msg and self.wakePending then
    local data = self.wakeData
    self.wakePending, self.wakeData = nil, nil
    return false, msg, data
  end
  if self.closed then return false, "CLOSED" end
  self.receiver = coroutine.running()
  local r, data
  if timeout then
    r, data = sys.wait(timeout > 0 and timeout or 5)
  else
    r, data = coroutine.yield()
  end
  self.receiver = nil
  if r == WAKE then return false, msg, data end
  if #self.inbox > 0 then return true, table.remove(self.inbox, 1) end
  if self.closed then return false, "CLOSED" end
  return false, "timeout"
end

-- The client's module link is gone (disconnect or closed by the peer): it no longer counts in SOCKET_ACTIVE.
local function releaseLink(c)
  if c.linkHeld then
    c.linkHeld = false
    socket._linkActive(false)
  end
end

--- Sends DISCONNECT (when connected) and closes the link.
function mqttc:disconnect()
  if self.wakeMsg then
    sys.unsubscribe(self.wakeMsg, self.onWake)
    self.wakeMsg, self.onWake = nil, nil
  end
  await(mqttcore.disconnect(self.handle))
  self.inbox, self.connected = {}, false
  releaseLink(self)
end

mqttcore._onEvent(function(kind, handle, op, result, topic, payload, qos, retain, dup, packetId)
  if kind == "recv" or kind == "closed" then
    local c = clients[handle]
    if not c then return end
    if kind == "recv" then
      c.inbox[#c.inbox + 1] = { id = PUBLISH, topic = topic, payload = payload, qos = qos, retain = retain, dup = dup,
        packetId = qos > 0 and packetId or nil }
    else
      c.closed = true
      releaseLink(c)
    end
    local co = c.receiver
    if co then
      c.receiver = nil
      coroutine.resume(co, RESULT)
    end
    return
  end
  local slot = pending[op]
  if not slot then return end
  pending[op] = nil
  slot.done, slot.result = true, result
  if coroutine.status(slot.co) == "suspended" then coroutine.resume(slot.co, RESULT) end
end)
