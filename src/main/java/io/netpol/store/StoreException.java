package io.netpol.store;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;

/** A store that cannot be opened, read or written; the message names the file and the fix. */
public class StoreException extends NetpolException {
  public StoreException(String message, Throwable cause) {
    super(ExitCode.UNEXPECTED_STATE, message, cause);
  }

  public StoreException(String message) {
    super(ExitCode.UNEXPECTED_STATE, message);
  }
}
