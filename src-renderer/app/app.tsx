export function App() {
  return <div>buffer-clone</div>
}
