package io.voxline.sip.parse;

/** What a host in a SIP URI or Via sent-by is. */
public enum HostType
{
    /** Dotted quad, each part 0–255. */
    IPV4,
    /** An IPv6 reference: written with brackets, e.g. {@code [2001:db8::1]}. */
    IPV6,
    /** A domain name (never resolved by Voxline: configuration uses IP literals). */
    NAME
}
