namespace LuatHost.Runtime;

/// <summary>
/// How a face of <see cref="MessageTimerBook"/> makes its timers fire: the Lua face arms core timers that come
/// back through rtos.receive as MSG_TIMER (sys.run dispatches them); the C# face arms event-loop timers that call
/// the callback directly. Either way a firing reaches <see cref="MessageTimerBook.BeginFiring"/>.
/// Also where a face lets go of what it kept for a timer (the Lua face's registry references).
/// </summary>
public interface IMessageTimerClock
{
    /// <summary>Arms timer <paramref name="id"/> to fire once after <paramref name="period"/>; returns the face's handle for <see cref="Disarm"/>.</summary>
    long Arm(long id, TimeSpan period);

    void Disarm(long id, long handle);

    /// <summary>The book has forgotten <paramref name="timer"/> (stopped, replaced, or a one-shot that is about to run).</summary>
    void Forgotten(MessageTimer timer);
}
