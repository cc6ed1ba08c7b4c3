package dev.audioexport.liveness;

/** Whether the process running an execution is alive, as far as the one asking can tell (never a guessed DEAD). */
public enum Liveness { ALIVE, DEAD, UNKNOWN }
