Feature: Slugs for article URLs

  @REQ-30
  Scenario Outline: a title becomes a slug
    Given the title "<title>"
    When it is slugified
    Then the slug is "<slug>"

    Examples:
      | title            | slug           |
      | Hello World      | hello-world    |
      | Ça va?           | ca-va          |
