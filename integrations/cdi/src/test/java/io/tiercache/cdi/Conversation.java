package io.tiercache.cdi;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import javax.cache.annotation.CacheResult;

/** A bean of a passivating scope: its interceptors must be passivation capable. */
@SessionScoped
public class Conversation implements Serializable {

  private static final long serialVersionUID = 1L;

  @CacheResult(cacheName = "conversation")
  public String topic(String id) {
    return "topic " + id;
  }
}
