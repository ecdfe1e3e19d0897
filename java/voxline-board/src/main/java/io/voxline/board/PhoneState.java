package io.voxline.board;

/** The emulated phone's own view: hook, whether its bell is ringing, the last caller ID it decoded. */
public record PhoneState(boolean offHook, boolean ringing, String callerIdNumber, String callerIdName)
{
}
