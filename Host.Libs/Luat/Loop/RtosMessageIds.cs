namespace LuatHost.Luat.Loop;

/// <summary>
/// rtos message ids and constants. On the module they are C enum values; scripts only compare them
/// with the same names, so any distinct integers do (luat-api §3.15).
/// </summary>
public static class RtosMessageIds
{
    public const long Timer = 1;
    public const long UartRxData = 2;
    public const long UartTxDone = 3;
    public const long Keypad = 4;
    public const long Int = 5;
    public const long Pmd = 6;
    public const long Audio = 7;
    public const long Alarm = 8;
    public const long PdpActCnf = 9;
    public const long PdpDeactCnf = 10;
    public const long PdpDeactInd = 11;
    public const long SockConnCnf = 12;
    public const long SockSendCnf = 13;
    public const long SockSendInd = 14;
    public const long SockRecvInd = 15;
    public const long SockCloseCnf = 16;
    public const long SockCloseInd = 17;
    public const long Wifi = 18;
    public const long Bluetooth = 19;
    public const long Headset = 20;
    public const long Rtmp = 21;
    public const long Record = 22;
    public const long StreamRecord = 23;
    public const long TtsPlayStatus = 24;
    public const long TtsPlayError = 25;

    /// <summary>Returned by rtos.receive after host events ran Lua code, so sys.run dispatches what they published.</summary>
    public const long HostWake = 100;

    /// <summary>rtos.receive(timeout) with a finite timeout that expired.</summary>
    public const long WaitMessageTimeout = 101;

    /// <summary>"Wait forever" (sys.run passes it).</summary>
    public const long InfiniteTimeout = -1;

    public static readonly IReadOnlyList<(string Name, long Value)> All =
    [
        ("MSG_TIMER", Timer), ("MSG_UART_RXDATA", UartRxData), ("MSG_UART_TX_DONE", UartTxDone),
        ("MSG_KEYPAD", Keypad), ("MSG_INT", Int), ("MSG_PMD", Pmd), ("MSG_AUDIO", Audio), ("MSG_ALARM", Alarm),
        ("MSG_PDP_ACT_CNF", PdpActCnf), ("MSG_PDP_DEACT_CNF", PdpDeactCnf), ("MSG_PDP_DEACT_IND", PdpDeactInd),
        ("MSG_SOCK_CONN_CNF", SockConnCnf), ("MSG_SOCK_SEND_CNF", SockSendCnf), ("MSG_SOCK_SEND_IND", SockSendInd),
        ("MSG_SOCK_RECV_IND", SockRecvInd), ("MSG_SOCK_CLOSE_CNF", SockCloseCnf), ("MSG_SOCK_CLOSE_IND", SockCloseInd),
        ("MSG_WIFI", Wifi), ("MSG_BLUETOOTH", Bluetooth), ("MSG_HEADSET", Headset), ("MSG_RTMP", Rtmp),
        ("MSG_RECORD", Record), ("MSG_STREAM_RECORD", StreamRecord), ("MSG_TTSPLY_STATUS", TtsPlayStatus), ("MSG_TTSPLY_ERROR", TtsPlayError),
        ("MSG_HOST_WAKE", HostWake),
        ("WAIT_MSG_TIMEOUT", WaitMessageTimeout), ("INF_TIMEOUT", InfiniteTimeout),
    ];
}
