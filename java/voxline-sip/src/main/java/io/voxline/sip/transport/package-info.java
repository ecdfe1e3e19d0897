/**
 * Where SIP messages enter and leave an element (RFC 3261 §18). {@link io.voxline.sip.transport.SipTransport}
 * is what the transaction layer sends on; {@link io.voxline.sip.transport.UdpTransport} is a datagram socket.
 * {@link io.voxline.sip.transport.TcpTransport} and {@link io.voxline.sip.transport.TlsTransport} (both a
 * {@link io.voxline.sip.transport.StreamTransport}) are connection-oriented: a listener, connections both ways
 * with reuse, responses on the request's connection, limits against idle, half-open and slow connections
 * ({@link io.voxline.sip.transport.StreamConfig}), TLS over the JDK's SSLEngine
 * ({@link io.voxline.sip.transport.TlsConfig}). Their sockets are served by one
 * {@link io.voxline.sip.transport.StreamIo} thread per element, which frames the byte stream into messages
 * ({@link io.voxline.sip.transport.StreamFramer}, including RFC 5626 CRLF keepalives) and hands them to a
 * {@link io.voxline.sip.transport.StreamSink}. {@link io.voxline.sip.transport.TransportKind} picks a transport
 * for a URI or a Via. {@link io.voxline.sip.transport.PacketTap} sees what is sent.
 */
package io.voxline.sip.transport;
