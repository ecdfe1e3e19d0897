/**
 * The call and signalling journal: a Chronicle Queue that one journal agent appends to, fed by the reactor
 * through an Agrona ring ({@link io.voxline.journal.JournalWriter}); call history read back from it
 * ({@link io.voxline.journal.CallHistory}), the restart recovery that ends calls a crash left up, and the
 * table that {@code voxline calls} prints ({@link io.voxline.journal.CallTable}).
 */
package io.voxline.journal;
