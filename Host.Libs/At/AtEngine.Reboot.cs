namespace LuatHost.At;

/// <summary>Echo tracking and reboot detection (docs/air724-at.md §2.4): RDY, ^MODE:, echo back after ATE0.</summary>
public sealed partial class AtEngine
{
    private void TrackEchoSetting(string commandText)
    {
        if (commandText.Equals("ATE0", StringComparison.OrdinalIgnoreCase))
        {
            _echoSwitchedOff = true;
        }
        else if (commandText.Equals("ATE1", StringComparison.OrdinalIgnoreCase) || commandText.Equals("ATE", StringComparison.OrdinalIgnoreCase))
        {
            _echoSwitchedOff = false;
        }
    }

    private void CheckEchoAfterAte0(AtLine echo)
    {
        if (_echoSwitchedOff && !echo.Text.Equals("ATE0", StringComparison.OrdinalIgnoreCase))
        {
            RaiseReboot(ModuleRebootSignal.EchoReappeared, echo, failPending: null);
        }
    }

    /// <summary>RDY always reports a reboot; ^MODE: only if nothing was reported since the last successful command.</summary>
    private bool DetectReboot(AtLine line, PendingCommand? pending)
    {
        var text = line.Text;
        if (text == "RDY")
        {
            _trace.Received(line, "urc, reboot");
            RaiseReboot(ModuleRebootSignal.Ready, line, pending);
            Urcs.Dispatch(line);
            return true;
        }
        if (text.StartsWith("^MODE:", StringComparison.Ordinal) && !_rebootReportedSinceLastSuccess)
        {
            _trace.Received(line, "urc, reboot");
            RaiseReboot(ModuleRebootSignal.ModeReport, line, failPending: null);
            Urcs.Dispatch(line);
            return true;
        }
        return false;
    }

    private void RaiseReboot(ModuleRebootSignal signal, AtLine line, PendingCommand? failPending)
    {
        _rebootReportedSinceLastSuccess = true;
        _echoSwitchedOff = false;
        // The boot banner of a module we have not talked to yet is the normal start, not a fault worth a warning.
        if (_anyCommandSucceeded)
        {
            _log.Warn("The module rebooted ({Signal}: {Line}); MQTT and HTTP state on the module is lost", signal, line.Text);
        }
        else
        {
            _log.Info("The module is starting ({Signal}: {Line})", signal, line.Text);
        }
        if (failPending is not null)
        {
            Release(failPending);
            RememberGivenUp(failPending);
        }
        // The event goes first so listeners learn of the reboot before the interrupted callers resume.
        try
        {
            Rebooted?.Invoke(new ModuleRebootEvent(signal, line.Text, DateTimeOffset.UtcNow));
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Rebooted handler threw");
        }
        failPending?.Completion.TrySetException(new AtModuleRebootedException(
            $"{failPending.Command.Name} was interrupted: the module rebooted (saw {line.Text}); run the bring-up again."));
        _followUps.FailAll(w => new AtModuleRebootedException($"{w.Rule.Name} after {w.CommandName} will not come: the module rebooted (saw {line.Text})."));
    }
}
