/**
 * Voice codecs: G.711 µ-law (PCMU) and A-law (PCMA), table-driven and bit-exact with the ITU-T reference
 * (G.191 software tools library, g711.c). 16-bit linear PCM in, 8-bit codes out, and back.
 */
package io.voxline.media.codec;
