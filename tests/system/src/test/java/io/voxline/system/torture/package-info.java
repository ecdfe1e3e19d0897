/**
 * The SIP torture suite over real UDP: our own messages for every case of RFC 4475 and RFC 5118
 * (src/test/resources/torture, described in its manifest.txt) sent to a running proxy and a running gateway,
 * each answer checked and each element probed for life after every case. The same files go through the parser
 * alone in voxline-sip's TortureSuiteTest.
 */
package io.voxline.system.torture;
