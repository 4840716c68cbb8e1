/** A labelled text or number field of a form: the label names it for a screen reader and for tests. */
export function Field(props: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  placeholder?: string;
  required?: boolean;
  /** A number field, at least `min`, in steps of `step`. */
  number?: { min: string; step: string };
}) {
  const common = {
    id: props.id,
    required: props.required,
    placeholder: props.placeholder,
    value: props.value,
    onInput: (e: { currentTarget: HTMLInputElement }) => props.onValue(e.currentTarget.value),
  };
  return (
    <>
      <label for={props.id}>{props.label}</label>
      {props.number ? (
        <input type="number" min={props.number.min} step={props.number.step} {...common} />
      ) : (
        <input type="text" {...common} />
      )}
    </>
  );
}

/** What went wrong, announced as it appears; nothing when nothing did. */
export function Alert({ message }: { message: string | null | undefined }) {
  return message ? (
    <p role="alert" class="error">
      {message}
    </p>
  ) : null;
}

/** An error's words, whatever was thrown. */
export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
