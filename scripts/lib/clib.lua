--- clib: uart.on callbacks (lib/clib.lua semantics). The PC has no extra UARTs, so no RX events
-- arrive; registering stays valid so scripts that set callbacks run unchanged.
module(..., package.seeall)

local uartReceive, uartSent = {}, {}

uart.on = function(id, event, callback)
  if event == "receive" then
    uartReceive[id] = callback
  elseif event == "sent" then
    uartSent[id] = callback
  end
end

rtos.on(rtos.MSG_UART_RXDATA, function(id)
  if uartReceive[id] then uartReceive[id](id, 0) end
end)

rtos.on(rtos.MSG_UART_TX_DONE, function(id)
  if uartSent[id] then uartSent[id](id) end
end)
