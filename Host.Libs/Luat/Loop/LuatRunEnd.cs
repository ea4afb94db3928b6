namespace LuatHost.Luat.Loop;

/// <summary>Why a run ended early.</summary>
public enum LuatRunEnd
{
    /// <summary>The duration (--for) elapsed or the host stopped the run.</summary>
    Stopped,

    /// <summary>The script asked for a restart (sys.restart / rtos.restart).</summary>
    Restart,

    /// <summary>The script called os.exit.</summary>
    Exit,

    /// <summary>The script needed more Lua memory than --max-memory allows.</summary>
    OutOfMemory,
}
