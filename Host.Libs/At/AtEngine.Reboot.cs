namespace LuatHost.At;

/// <summary>
/// Echo tracking and reboot detection: the dialect's boot markers (RDY) and echo reappearing after ATE0. Nothing else
/// means a reboot: a service-state report such as the Air724's <c>^MODE:</c> is an ordinary URC.
/// </summary>
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

    /// <summary>
    /// A boot marker is a reboot, except that markers repeated before the host's first successful command after one
    /// belong to the same boot (some firmware prints RDY twice while starting). A command in flight is failed either way:
    /// the module that printed the marker has not kept it.
    /// </summary>
    private bool DetectReboot(AtLine line, PendingCommand? pending)
    {
        if (!_dialect.IsBootMarker(line.Text))
        {
            return false;
        }
        if (_rebootReportedSinceLastSuccess)
        {
            _trace.Received(line, "urc, same boot");
            if (pending is not null)
            {
                Release(pending);
                RememberGivenUp(pending);
                pending.Completion.TrySetException(new AtModuleRebootedException(
                    $"{pending.Command.Name} was interrupted: the module is still starting (saw {line.Text} again); send it again once AT answers OK."));
            }
            Urcs.Dispatch(line);
            return true;
        }
        _trace.Received(line, "urc, reboot");
        RaiseReboot(ModuleRebootSignal.Ready, line, pending);
        Urcs.Dispatch(line);
        return true;
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
