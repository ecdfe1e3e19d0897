/**
 * SIP messages (RFC 3261): {@link io.voxline.sip.message.SipMessage}, a zero-copy flyweight parser over
 * an Agrona buffer that follows the grammar of §25 and says in a reason phrase what it refuses; flyweights for
 * header values ({@link io.voxline.sip.message.Via}, {@link io.voxline.sip.message.NameAddr},
 * {@link io.voxline.sip.message.SipUri} with the §19.1.4 comparison, {@link io.voxline.sip.message.MediaType});
 * cursors over list elements ({@link io.voxline.sip.message.HeaderElements}) and multipart bodies
 * ({@link io.voxline.sip.message.MultipartBody}); stream framing ({@link io.voxline.sip.message.SipFraming});
 * the encoder {@link io.voxline.sip.message.SipMessageWriter}; builders for responses, CANCEL and non-2xx ACK
 * ({@link io.voxline.sip.message.SipResponses}, {@link io.voxline.sip.message.SipRequests}); the option-tag
 * check for Require and Proxy-Require ({@link io.voxline.sip.message.OptionTags}); and branch/tag/Call-ID
 * generation ({@link io.voxline.sip.message.SipIds}). Parsing and writing allocate nothing and never throw on
 * malformed input.
 */
package io.voxline.sip.message;
