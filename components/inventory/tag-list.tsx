import styles from "./inventory.module.css";

export function TagList({ tags }: { tags: readonly string[] }) {
  return (
    <span className={styles.tags}>
      {tags.map((t) => (
        <span key={t} className={styles.tag}>
          {t}
        </span>
      ))}
    </span>
  );
}
