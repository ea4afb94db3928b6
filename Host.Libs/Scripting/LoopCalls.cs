using LuatHost.Aliyun;
using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// How a service on another thread reaches script code: everything goes through the loop, so a script callback,
/// getter or setter runs on the loop thread exactly as a Lua function runs on the Lua thread.
/// </summary>
internal static class LoopCalls
{
    /// <summary>
    /// A script getter as the asynchronous provider the Aliyun client asks at every connect attempt. The getter
    /// runs on the loop; if it throws, the client reports the problem and retries, as with a failing Lua getter.
    /// </summary>
    public static Func<CancellationToken, Task<string?>>? Getter(EventLoop loop, Func<string?>? getter, string what)
    {
        if (getter is null) return null;
        return token => OnLoopAsync(loop, () => getter(), what, token);
    }

    /// <summary>A script setter (setup's setDeviceSecretFnc) run on the loop; the client waits until it returned.</summary>
    public static Func<string, CancellationToken, Task>? Setter(EventLoop loop, Action<string>? setter, string what)
    {
        if (setter is null) return null;
        return (value, token) => OnLoopAsync<object?>(loop, () =>
        {
            setter(value);
            return null;
        }, what, token);
    }

    /// <summary>An asynchronous script setter: started on the loop, awaited (its continuations stay on the loop).</summary>
    public static Func<string, CancellationToken, Task>? Setter(EventLoop loop, Func<string, Task>? setter, string what)
    {
        if (setter is null) return null;
        return async (value, token) =>
        {
            var started = await OnLoopAsync(loop, () => setter(value), what, token).ConfigureAwait(false);
            try
            {
                await started.WaitAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The client retries on flow errors only; anything else would end its connection loop.
                throw new AliyunFlowException(AliyunProblemStage.Registration, $"{what} threw {ex.GetType().Name}: {ex.Message}");
            }
        };
    }

    private static Task<T> OnLoopAsync<T>(EventLoop loop, Func<T> call, string what, CancellationToken token)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(() =>
        {
            try
            {
                result.TrySetResult(call());
            }
            catch (Exception ex)
            {
                result.TrySetException(new AliyunFlowException(AliyunProblemStage.MqttConnect, $"{what} threw {ex.GetType().Name}: {ex.Message}"));
            }
        });
        // A stopped loop drops posted work: the token (the client's lifetime) ends the wait then.
        return result.Task.WaitAsync(token);
    }
}
