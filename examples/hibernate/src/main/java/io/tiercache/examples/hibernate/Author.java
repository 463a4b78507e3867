package io.tiercache.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/**
 * An author, cached in three regions: the entity ({@code io.tiercache.examples.hibernate.Author}), its
 * natural id ({@code io.tiercache.examples.hibernate.Author##NaturalId}) and its books collection
 * ({@code io.tiercache.examples.hibernate.Author.books}).
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Author {

  @Id
  @GeneratedValue
  private Long id;

  @NaturalId
  private String email;

  private String name;

  @OneToMany(mappedBy = "author", cascade = CascadeType.ALL)
  @OrderBy("title")
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  private List<Book> books = new ArrayList<>();

  protected Author() {
  }

  /** A new author with no books. */
  public Author(String email, String name) {
    this.email = email;
    this.name = name;
  }

  /** Adds a book written by this author. */
  public Book addBook(String title) {
    Book book = new Book(title, this);
    books.add(book);
    return book;
  }

  public Long getId() {
    return id;
  }

  public String getEmail() {
    return email;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<Book> getBooks() {
    return books;
  }
}
