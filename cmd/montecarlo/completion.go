package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// bashCompletion is urfave/cli's bash completion script for montecarlo:
// it asks the command itself for the words that may follow
// (--generate-bash-completion), so it never goes stale.
const bashCompletion = `# montecarlo bash completion: source <(montecarlo completion bash)
_montecarlo_complete() {
  local cur opts
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  if [[ "$cur" == "-"* ]]; then
    opts=$( "${COMP_WORDS[@]:0:$COMP_CWORD}" "${cur}" --generate-bash-completion 2>/dev/null )
  else
    opts=$( "${COMP_WORDS[@]:0:$COMP_CWORD}" --generate-bash-completion 2>/dev/null )
  fi
  COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
  return 0
}
complete -o bashdefault -o default -F _montecarlo_complete montecarlo
`

// zshCompletion runs the bash script under zsh's bash completion layer.
const zshCompletion = `# montecarlo zsh completion: source <(montecarlo completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
` + bashCompletion

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		UsageText: "montecarlo completion bash|zsh|fish",
		Description: `Prints a script that completes montecarlo's commands, flags and built-in scenarios in
your shell. Load it in the current shell, or add the line to your shell's start-up file:

   source <(montecarlo completion bash)        # bash, in ~/.bashrc
   source <(montecarlo completion zsh)         # zsh, in ~/.zshrc
   montecarlo completion fish | source         # fish, in ~/.config/fish/config.fish`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("completion takes one shell: bash, zsh or fish")
			}
			switch sh := c.Args().First(); sh {
			case "bash":
				_, err := fmt.Fprint(c.App.Writer, bashCompletion)
				return err
			case "zsh":
				_, err := fmt.Fprint(c.App.Writer, zshCompletion)
				return err
			case "fish":
				s, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(c.App.Writer, s)
				return err
			default:
				return usagef("completion: unknown shell %q; want bash, zsh or fish", sh)
			}
		},
	}
}
