package io.netpol.store;

/** A store that cannot be opened, read or written; the message names the file and the fix. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
