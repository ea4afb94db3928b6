using NLog;

namespace LuatHost.Aliyun;

/// <summary>
/// The client's problem reporting, one rule in one place: one line per distinct problem — a retry that fails the same
/// way again stays quiet (debug only) until something changes or a session starts.
/// </summary>
internal sealed class ProblemReporter
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Aliyun");
    private readonly Lock _gate = new();
    private AliyunProblem? _last;

    /// <summary>A binding that shows problems as the script's own warning line subscribes here.</summary>
    public event Action<AliyunProblem>? Problem;

    public void Report(AliyunProblemStage stage, string message)
    {
        var problem = new AliyunProblem(stage, message);
        lock (_gate)
        {
            if (problem == _last)
            {
                Log.Debug("aLiYun {0} (again): {1}", stage, message);
                return;
            }
            _last = problem;
        }
        // A binding prints Problem as the script's own warning line; the host log then keeps its copy for the log file only.
        var handler = Problem;
        Log.Log(handler is null ? LogLevel.Warn : LogLevel.Debug, "aLiYun {0}: {1}", stage, message);
        handler?.Invoke(problem);
    }

    /// <summary>A session started: the next problem is news again, even if it equals the last one.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _last = null;
        }
    }
}
